#!/bin/sh
# Any course language: for a language cg knows, the prompts give the
# required headings in it (cg's wording), and the prose is held to it; for
# another, they give them in English and ask for them translated, matched
# by position and count.  cg-sim answers in the asked language, so a
# Spanish and a Japanese course finish with no imperfect file, and an
# English reply to a Spanish course is re-asked.
. "${CG_ROOT:-.}/tests/lib.sh"

start_sim -s 4
export CG_URL=$SIM_URL
mk() { make -s -C "$CG_ROOT" -f Course.mk BIN="$CG_BIN" "$@"; }

for lang in Spanish Japanese; do
	O=$T/out-$lang
	printf 'name: Biolog\303\255a celular\nsubject: Cell biology\nlanguage: %s\nmodules: 2\nsessions: 2\ndiagrams_per_session: 1\n' \
		"$lang" >"$T/$lang.yaml"
	mk -j4 course COURSE="$T/$lang.yaml" OUT="$O" SET=llm.slots=4 >"$T/$lang.log" 2>&1
	is $? 0 "$lang: make course succeeds"
	is "$(expected_files "$O")" "$(generated_files "$O")" "$lang: every file"
	is "$(cd "$O" && find . -name '.*.imperfect' | wc -l | tr -d ' ')" 0 "$lang: no imperfect file"
	# (Japanese runs its words together: counted a word per two
	# characters, its prose is long enough the first time)
	is "$(grep -c '"round":[1-9]' "$O/log/calls.jsonl")" 0 "$lang: nothing re-asked"
	cg-prompt lecture "$O/s01/session.json" >"$T/p.txt"
	like "$(cat "$T/p.txt")" "worded exactly as here" "$lang: the prompt gives the headings to use as they are"
	unlike "$(cat "$T/p.txt")" '^## Overview$' "... not in English"
	unlike "$(grep '^## ' "$O/s01/lecture.md")" 'Overview|Summary' "$lang: the lecture's headings are not English"
	cg-check "$O" >"$T/check" 2>&1
	is $? 0 "$lang: cg-check passes"
	is "$(grep -c 'warning:.*heading' "$T/check")" 0 "$lang: no heading warnings"
done
is "$(grep '^## ' "$T/out-Japanese/s01/lecture.md" | head -n 1)" "## 概要" "Japanese: the first heading as cg words it"
like "$(cg-prompt lecture "$T/out-Spanish/s01/session.json")" '^## Términos clave$|^## Conceptos clave$' "Spanish: the headings in Spanish"

# a language cg has no wording for: the headings in English, translated
O=$T/out-sw
printf 'name: Seli\nsubject: Cell biology\nlanguage: Swahili\nmodules: 1\nsessions: 1\ndiagrams_per_session: 1\n' >"$T/sw.yaml"
mk outline COURSE="$T/sw.yaml" OUT="$O" >/dev/null 2>&1
is $? 0 "Swahili: the outline"
cg-prompt lecture "$O/s01/session.json" >"$T/p.txt" 2>&1
like "$(cat "$T/p.txt")" "translated into Swahili" "Swahili: the prompt asks for translated headings"
like "$(cat "$T/p.txt")" '^## Overview$' "... and gives them in English"
like "$(cat "$T/out-Japanese/s01/lecture.md")" '(仕組み|過程|モデル|構造|方法|原理|概念|理論)' "Japanese: the lecture's text in Japanese"
like "$(grep '^## ' "$T/out-Spanish/s01/lecture.md" | head -n 1)" '^## Visión general$' "Spanish headings in Spanish"

# an English course gets no translation request, and English headings are
# still matched by their words
O=$T/out-en
printf 'name: Cells\nsubject: Cell biology\nmodules: 1\nsessions: 1\ndiagrams_per_session: 1\n' >"$T/en.yaml"
mk -j4 course COURSE="$T/en.yaml" OUT="$O" SET=llm.slots=4 >/dev/null 2>&1
unlike "$(cg-prompt lecture "$O/s01/session.json")" 'translated into' "English: no translation asked"
like "$(grep '^## ' "$O/s01/lecture.md")" 'Overview' "English: the headings as given"
done_testing

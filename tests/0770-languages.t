#!/bin/sh
# The site's own words in the course language: one table per language
# (site/labels/LANG.yaml, each with every key of en.yaml), picked by the
# course's language (a name or a BCP 47 code), English with one warning
# for a language with no table, a course's overrides (site.labels).
# Spanish, Japanese and Arabic courses made with cg-sim are checked in
# headless Chromium at 390 and 1280 px (tests/site/words.js): no English
# label in the site's chrome, the language's words from cg.js, Arabic
# pages right to left with the navigation mirrored.
. "${CG_ROOT:-.}/tests/lib.sh"

CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}
if [ -z "$CHROMIUM" ] || [ ! -f "$CG_ROOT/site/node_modules/mermaid/dist/mermaid.min.js" ]; then
	if [ "${CI:-}" = true ]; then echo "Bail out! chromium and the vendored site assets are required under CI"; exit 1; fi
	echo "1..0 # SKIP no chromium or no vendored site assets (make assets)"
	exit 0
fi
export CHROMIUM
LAB=$CG_ROOT/site/labels
keys() { grep -E '^[a-z_]+:' "$1" | sed 's/:.*//' | sort; }

# every table has every key of en.yaml and no other
for lang in es fr de pt it nl pl ja zh ar he; do
	is "$(keys "$LAB/$lang.yaml")" "$(keys "$LAB/en.yaml")" "$lang.yaml: every key of en.yaml, no other"
done
is "$(grep -l '^dir: rtl' "$LAB"/*.yaml | xargs -n1 basename | tr '\n' ' ')" "ar.yaml he.yaml " "ar and he are right to left"

start_sim -s 4
export CG_URL=$SIM_URL
mk() { make -s -C "$CG_ROOT" -f Course.mk BIN="$CG_BIN" "$@"; }
for lang in Spanish Japanese Arabic; do
	printf 'name: Course %s\nsubject: Cell biology\nlanguage: %s\nmodules: 1\nsessions: 2\ndiagrams_per_session: 1\n' \
		"$lang" "$lang" >"$T/$lang.yaml"
	mk -j4 course COURSE="$T/$lang.yaml" OUT="$T/$lang" SET=llm.slots=4 >"$T/$lang.log" 2>&1
	is $? 0 "$lang: make course succeeds"
done
like "$(head -n 2 "$T/Spanish/site/index.html")" '<html lang="es" dir="ltr">' "Spanish: lang=es"
like "$(head -n 2 "$T/Japanese/site/index.html")" '<html lang="ja" dir="ltr">' "Japanese: lang=ja"
like "$(head -n 2 "$T/Arabic/site/index.html")" '<html lang="ar" dir="rtl">' "Arabic: lang=ar, right to left"
like "$(cat "$T/Spanish/site/s01-quiz.html")" '<title>Cuestionario — Sesión 1: ' "Spanish: titles in Spanish"
like "$(cat "$T/Japanese/site/handout.html")" '<p class="print-note">氏名: _+ 日付: _+</p>' "Japanese: the handout's Name/Date"
like "$(cat "$T/Arabic/site/print.html")" '<span class="sr">بحث</span>' "Arabic: the print page's chrome"
unlike "$(cat "$T"/*/site/*.html)" 'Dark mode|On this page|Not quite|Skip to content' "no English chrome in the three sites"

# the language as a code, and a region; a language with no table
O=$T/Spanish
node -e 'const fs=require("fs"),f=process.argv[1],o=JSON.parse(fs.readFileSync(f));o.course.language=process.argv[2];fs.writeFileSync(f,JSON.stringify(o))' "$O/outline.json" es-MX
cg-site -o "$T/mx" "$O" 2>"$T/err"; is $? 0 "language es-MX: cg-site succeeds"
like "$(head -n 2 "$T/mx/index.html")" '<html lang="es-MX" dir="ltr">' "... lang=es-MX"
like "$(cat "$T/mx/index.html")" 'Modo oscuro' "... the Spanish table"
is "$(grep -c 'site.s own words' "$T/err")" 0 "... no warning"
node -e 'const fs=require("fs"),f=process.argv[1],o=JSON.parse(fs.readFileSync(f));o.course.language=process.argv[2];fs.writeFileSync(f,JSON.stringify(o))' "$O/outline.json" Klingon
cg-site -o "$T/tlh" "$O" 2>"$T/err"; is $? 0 "an unknown language: cg-site succeeds"
is "$(grep -c 'course language "Klingon": no table of the site.s words.*English' "$T/err")" 1 "... with one warning"
like "$(cat "$T/tlh/index.html")" 'Dark mode' "... and English words"
node -e 'const fs=require("fs"),f=process.argv[1],o=JSON.parse(fs.readFileSync(f));o.course.language=process.argv[2];fs.writeFileSync(f,JSON.stringify(o))' "$O/outline.json" Español

# a course's own words (site.labels, relative to the course file)
printf 'dark_mode: "Modo noche"\nnot_a_label: x\n' >"$T/mine.yaml"
printf 'site:\n  labels: mine.yaml\n' >>"$T/Spanish.yaml"
cg-config -o "$T/cfg.json" "$T/Spanish.yaml" 2>"$T/err"
is "$(jget "$T/cfg.json" site.labels)" "$T/mine.yaml" "site.labels: a key of the course file, taken from its directory"
node -e 'const fs=require("fs"),f=process.argv[1],o=JSON.parse(fs.readFileSync(f));o.site={labels:process.argv[2]};fs.writeFileSync(f,JSON.stringify(o))' "$O/course.json" "$T/mine.yaml"
cg-site -o "$T/own" "$O" 2>"$T/err"; is $? 0 "site.labels: cg-site succeeds"
like "$(cat "$T/own/index.html")" 'Modo noche' "... with the course's word"
like "$(cat "$T/own/index.html")" 'Saltar al contenido' "... and the table's for the rest"
like "$(cat "$T/err")" 'mine.yaml:2: not_a_label: not a label of the site' "... an unknown key warned about with its line"
node -e 'const fs=require("fs"),f=process.argv[1],o=JSON.parse(fs.readFileSync(f));o.site={labels:process.argv[2]};fs.writeFileSync(f,JSON.stringify(o))' "$O/course.json" "$T/none.yaml"
cg-site -o "$T/own" "$O" 2>"$T/err"; is $? 66 "site.labels naming no file: exit 66"
like "$(cat "$T/err")" 'none.yaml: not found \(the course.s site.labels\)' "... naming it"
printf 'dark_mode: [a, b]\n' >"$T/bad.yaml"
node -e 'const fs=require("fs"),f=process.argv[1],o=JSON.parse(fs.readFileSync(f));o.site={labels:process.argv[2]};fs.writeFileSync(f,JSON.stringify(o))' "$O/course.json" "$T/bad.yaml"
cg-site -o "$T/own" "$O" 2>"$T/err"; is $? 65 "site.labels with a text that is not one: exit 65"
like "$(cat "$T/err")" 'bad.yaml:1:[0-9]+: dark_mode: not a text' "... naming file, line and key"

# in the browser, at phone and desktop width
for lang in Spanish:es Japanese:ja Arabic:ar; do
	name=${lang%%:*} code=${lang#*:}
	node "$CG_ROOT/tests/site/words.js" labels "$T/$name/site" "$T/profile-$code" "$LAB/$code.yaml" "$LAB/en.yaml" >"$T/b-$code" 2>&1
	is $? 0 "$name: the site's words in the browser"
	grep -c '^ok' "$T/b-$code" | sed "s/^/# $name: checks passed: /"
	grep -A3 '^not ok' "$T/b-$code" | head -20 | sed 's/^/# /'
done
# the course's labels file is a dependency of the site (OUT/site.mk):
# make course takes site.labels from the course file, and an edit to the
# labels file alone remakes the site at the next make site
mk course COURSE="$T/Spanish.yaml" OUT="$O" >"$T/site1.log" 2>&1
is $? 0 "make course with site.labels in the course file"
n0=$(sim_stats | jget - generations)
like "$(cat "$O/site/index.html")" 'Modo noche' "... the course's word on the site"
like "$(cat "$O/site.mk")" "CG_SITE_OWN := \\\$\\(wildcard $T/mine.yaml\\)" "... site.mk names the labels file"
sleep 1
printf 'dark_mode: "Modo nocturno"\n' >"$T/mine.yaml"
mk site COURSE="$T/Spanish.yaml" OUT="$O" >"$T/site2.log" 2>&1
is $? 0 "the labels file edited: make site"
like "$(cat "$O/site/index.html")" 'Modo nocturno' "... remakes the site with the new word"
is "$(sim_stats | jget - generations)" "$n0" "... asking the model nothing"

done_testing

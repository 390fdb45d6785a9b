#!/bin/bash
# YAML loading through cg-config: errors name file:line:col, exit 65 for a
# course file and 78 for config/llm.yaml, nothing is written; scalars are
# typed as YAML types them.
. "$CG_ROOT/tests/lib.sh"

# bad FILE EXIT ERE "name": cg-config -o on FILE fails with EXIT, a message
# matching ERE, and writes nothing
bad() {
	rm -f out.json
	cg-config -o out.json "$1" >/dev/null 2>err; rc=$?
	is "$rc" "$2" "$4: exit $2"
	like "$(cat err)" "$3" "$4: message"
	[ ! -e out.json ]; ok $? "$4: nothing written"
}

printf 'subject: Biology\nmodules: [2, 3\nsessions: 4\n' >malformed.yaml
bad malformed.yaml 65 '^cg-config: malformed\.yaml:3:[0-9]+: .*flow sequence' \
	"unclosed flow list"
printf 'subject: "Biology\nmodules: 2\n' >quote.yaml
bad quote.yaml 65 '^cg-config: quote\.yaml:3:1: .*quoted scalar at line 1' \
	"unclosed quote"
printf 'subject: Biology\nquestions:\n\tessay: 2\n' >tab.yaml
bad tab.yaml 65 '^cg-config: tab\.yaml:3:1: tab character in indentation; YAML indents with spaces only$' \
	"tab indentation"
printf 'subject: Biology\nmodules: 2\nsessions: 4\nmodules: 3\n' >dup.yaml
bad dup.yaml 65 '^cg-config: dup\.yaml:4:1: duplicate key "modules" \(first at line 2\)' \
	"duplicate key"
printf 'subject: Biology\nitems:\n  min: 2\n  min: 3\n' >dup2.yaml
bad dup2.yaml 65 '^cg-config: dup2\.yaml:4:3: duplicate key "min"' \
	"nested duplicate key"
: >empty.yaml
bad empty.yaml 65 '^cg-config: empty\.yaml: file is empty' "empty file"
printf '# nothing yet\n\n' >comments.yaml
bad comments.yaml 65 '^cg-config: comments\.yaml: file is empty' "comments only"
printf 'subject: A\n---\nsubject: B\n' >two.yaml
bad two.yaml 65 '^cg-config: two\.yaml:2:1: a second document' "two documents"
printf -- '- subject: A\n' >list.yaml
bad list.yaml 65 '^cg-config: list\.yaml:1:1: expected "key: value" settings, not a list' \
	"a list at the top"
bad missing.yaml 66 '^cg-config: missing\.yaml: No such file' "missing course file"

# config/llm.yaml errors are configuration errors (78), named by path
mkdir -p root/config
printf 'llm:\n  model: a\n   url: b\n' >root/config/llm.yaml
printf 'subject: Biology\n' >ok.yaml
rm -f out.json
CG_ROOT=$T/root cg-config -o out.json ok.yaml >/dev/null 2>err; rc=$?
is "$rc" 78 "broken config/llm.yaml: exit 78"
like "$(cat err)" "^cg-config: $T/root/config/llm\\.yaml:3:[0-9]+: " \
	"... message names config/llm.yaml:line:col"
[ ! -e out.json ]; ok $? "... nothing written"
printf 'llm:\n\tmodel: a\n' >root/config/llm.yaml
CG_ROOT=$T/root cg-config ok.yaml >/dev/null 2>err; rc=$?
is "$rc" 78 "tab in config/llm.yaml: exit 78"
like "$(cat err)" 'llm\.yaml:2:1: tab character' "... named with line:col"

# typing: quoted scalars stay strings, plain ones are typed
cat >types.yaml <<'EOF'
name: "1984"
subject: 'true'
description: >-
  folded
  text
language: ~
duration_weeks: 0x0A
modules: 3
sessions: 6
constraints: [a, "b: c"]
llm:
  model: gemma3:4b
  keep_alive: "30"
  options:
    temperature: .5
    seed: -3
    stop: [END, "null"]
    penalize_newline: false
EOF
cg-config types.yaml >types.json 2>err; rc=$?
is "$rc" 0 "typed document resolves"
is "$(cat err)" "" "... without warnings"
is "$(jget types.json course.name)" 1984 "quoted number is a string"
is "$(node -e 'console.log(typeof require("./types.json").course.name)')" string \
	"... of JSON type string"
is "$(node -e 'console.log(typeof require("./types.json").course.subject)')" string \
	"single-quoted true is a string"
is "$(jget types.json course.description)" "folded text" "folded block scalar"
is "$(jget types.json course.language)" English "empty value (~) leaves the default"
is "$(jget types.json course.duration_weeks)" 10 "hex integer"
is "$(jget types.json course.constraints)" '["a","b: c"]' "flow list"
is "$(jget types.json llm.model)" gemma3:4b "colon inside a plain scalar"
is "$(node -e 'console.log(typeof require("./types.json").llm.keep_alive)')" string \
	"quoted \"30\" is a string"
is "$(jget types.json llm.options.temperature)" 0.5 "float"
is "$(jget types.json llm.options.seed)" -3 "negative integer"
is "$(jget types.json llm.options.stop)" '["END","null"]' "quoted null is a string"
is "$(jget types.json llm.options.penalize_newline)" false "boolean"

# anchors and aliases
cat >alias.yaml <<'EOF'
subject: &s Geology
name: *s
questions: &q
  multiple_choice: 4
  short_answer: 2
llm:
  kinds:
    lecture: &k {num_predict: 2000}
    lab: *k
EOF
cg-config alias.yaml >alias.json 2>err; rc=$?
is "$rc" 0 "anchors and aliases resolve"
is "$(jget alias.json course.name)" Geology "alias of a scalar"
is "$(jget alias.json llm.kinds.lab.num_predict)" 2000 "alias of a mapping"
printf 'subject: *nope\n' >badalias.yaml
bad badalias.yaml 65 '^cg-config: badalias\.yaml:1:10: unknown alias \*nope' \
	"unknown alias"

done_testing

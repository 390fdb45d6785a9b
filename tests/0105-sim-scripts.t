#!/bin/sh
# cg-sim writes whole words in any script: subject words taken from the
# request stay whole UTF-8 words ("Astronomía", never "Astronom"), and a
# course in another language gets filler in that language's words.
. "${CG_ROOT:-.}/tests/lib.sh"

start_sim
cd "$T" || exit 1

# ask LANG TOPIC [-Q]: a markdown reply (JSON mode off) to stdout
ask() {
	jq -n --arg l "$1" --arg t "$2" '{model: "gemma3:4b", stream: false,
	    messages: [{role: "system", content: ("You are a teacher. Write in " + $l + ".")},
	      {role: "user", content: ("Course: " + $t + "\nSubject: " + $t +
	        "\nSubtopics:\n- " + $t + "\nWrite between 200 and 300 words.\nUse these headings, translated into " +
	        $l + ":\n## Overview\n## Summary\n")}]}' |
	curl -s "$SIM_URL/api/chat" -d @- | jq -r .message.content
}
# json LANG TOPIC: a JSON reply to a schema with a short title
json() {
	jq -n --arg l "$1" --arg t "$2" '{model: "gemma3:4b", stream: false,
	    format: {type: "object", required: ["title", "items"], properties: {
	      title: {type: "string", maxLength: 24},
	      items: {type: "array", minItems: 8, items: {type: "string"}}}},
	    messages: [{role: "user", content: ("Write in " + $l + ". Course: " + $t)}]}' |
	curl -s "$SIM_URL/api/chat" -d @- | jq -r .message.content
}

topic="Introducción a la Astronomía"
ask Spanish "$topic" >es.md
t "Spanish: a reply" test -s es.md
t "Spanish: the reply is valid UTF-8" iconv -f UTF-8 -t UTF-8 es.md
like "$(cat es.md)" 'Astronomía' "Spanish: the topic's word whole"
# a word cut inside a letter: "Astronom" and then anything but "ía"
is "$(grep -o '[Aa]stronom' es.md | wc -l)" "$(grep -o '[Aa]stronomía' es.md | wc -l)" \
	"Spanish: every \"Astronom\" is \"Astronomía\""
like "$(cat es.md)" ' (el|la) (sistema|proceso|modelo|estructura|método|red|teoría) ' \
	"Spanish: filler in Spanish words"
like "$(grep '^## ' es.md | head -n 1)" '^## Visión general$' "Spanish: a required heading in Spanish"
unlike "$(grep '^## ' es.md)" 'Ove|Summ|idad|ismo' "Spanish: no made-up heading words"
json Spanish "$topic" >es.json
t "Spanish JSON: valid UTF-8" iconv -f UTF-8 -t UTF-8 es.json
# every word of a title cut to its maxLength is whole
title=$(jq -r .title es.json)
t "Spanish JSON: a title cut to its maxLength" test "$(printf '%s' "$title" | wc -m)" -le 24
for w in $(jq -r '.items[]' es.json | tr ' ,.' '\n\n\n' | grep -i 'astronom'); do
	is "$w" "$(printf '%s' "$w" | grep -Eo '[Aa]stronomía')" "Spanish JSON: \"$w\" whole"
done

ask Japanese "天文学入門" >ja.md
t "Japanese: the reply is valid UTF-8" iconv -f UTF-8 -t UTF-8 ja.md
like "$(cat ja.md)" '天文学入門' "Japanese: the topic whole"
like "$(cat ja.md)" '(仕組み|過程|モデル|構造|方法|原理|概念|理論|要素)' "Japanese: Japanese filler"
like "$(cat ja.md)" '(を|は|が)' "... with Japanese particles"
unlike "$(sed -n '3p' ja.md)" ' ' "... written without spaces, as models write it"
unlike "$(sed -n '3p' ja.md)" '[A-Za-z]{3,}' "... and no English word"

for l in Chinese Arabic Hebrew French German; do
	ask $l "Astronomy" >$l.md
	t "$l: valid UTF-8" iconv -f UTF-8 -t UTF-8 $l.md
done
like "$(cat Chinese.md)" '(系统|过程|模型|结构|方法)' "Chinese filler"
like "$(cat Arabic.md)" '(النظام|العملية|النموذج|البنية|الطريقة)' "Arabic filler"
like "$(cat Hebrew.md)" '(המערכת|התהליך|המודל|המבנה|השיטה)' "Hebrew filler"
like "$(cat French.md)" ' (le|la) (système|modèle|méthode|réseau|cadre) ' "French filler"
like "$(cat German.md)" '(das|der|die) (System|Prozess|Modell|Struktur|Methode)' "German filler"

# English is as before: English words
ask English "Cell biology" >en.md
like "$(cat en.md)" ' the ' "English: English filler"
like "$(grep '^## ' en.md | head -n 1)" '^## Overview$' "English: the heading as given"
done_testing

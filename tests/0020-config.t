#!/bin/bash
# cg-config: resolution order (defaults < config/llm.yaml < course yaml <
# environment < -s), OLLAMA_HOST normalisation, the API key kept out, unknown
# keys with suggestions, bad course data (exit 65/78, nothing written), -o
# write-if-changed, -k, and every shipped course resolving cleanly.
. "$CG_ROOT/tests/lib.sh"

# usage
out=$(cg-config -h); rc=$?
is "$rc" 0 "-h exits 0"
like "$out" '^usage: cg-config \[-hKkV\] \[-g KEY\] \[-o FILE\] \[-s KEY=VALUE\]\.\.\. \[COURSE\.yaml\]$' \
	"-h prints the usage on stdout"
cg-config -Z 2>err >/dev/null; is $? 64 "bad option: exit 64"
like "$(cat err)" '^usage: ' "... usage on stderr"
cg-config a.yaml b.yaml 2>/dev/null >/dev/null; is $? 64 "two course files: exit 64"
is "$(cg-config -V)" "cg-config $(cat "$CG_ROOT/VERSION")" "-V prints VERSION"
cg-config -V >/dev/full 2>err; is $? 74 "-V onto a full disk: exit 74"
like "$(cat err)" '^cg-config: standard output: ' "... naming standard output"

# built-in defaults: an empty root (no config/llm.yaml at all)
mkdir -p empty
CG_ROOT=$T/empty cg-config >def.json 2>err; rc=$?
is "$rc" 0 "resolves with no config files at all"
# the kinds table
cg-config -K >kinds.json; is $? 0 "-K prints the kinds table"
is "$(jq -r 'map(.name) | join(" ")' kinds.json)" \
	"outline lecture lab notes diagram questions application extension visualization integration investigation open_questions" \
	"-K: every kind, in order"
is "$(jget def.json llm.kinds.questions.num_predict)" "$(jget kinds.json 5.num_predict)" \
	"a kind's default num_predict comes from the table"
is "$(jget def.json llm.provider)" ollama "default provider"
is "$(jget def.json llm.url)" http://127.0.0.1:11434 "default url"
is "$(jget def.json llm.model)" gemma3:4b "default model"
is "$(jget def.json llm.keep_alive)" 30m "default keep_alive"
is "$(jget def.json llm.options.num_ctx)" 8192 "default num_ctx"
is "$(jget def.json llm.timeouts)" '{"connect":10,"first_token":600,"idle":60,"total":1800}' \
	"default timeouts"
is "$(jget def.json llm.retries)" '{"max":4,"backoff":1,"backoff_max":30}' \
	"default retries"
is "$(jget def.json llm.kinds.lecture.num_predict)" 3000 "default lecture num_predict"
is "$(jget def.json llm.kinds.open_questions.num_predict)" 1000 \
	"default open_questions num_predict"
is "$(jget def.json course.questions)" \
	'{"multiple_choice":5,"options":4,"short_answer":3,"essay":2}' \
	"default question mix"
is "$(jget def.json course.items)" '{"min":3,"max":7}' "default item bounds"
is "$(jget def.json course.diagrams_per_session)" 4 "default diagrams per session"
is "$(jget def.json content)" '{}' "content empty without config/content.yaml"

# the shipped config/llm.yaml sets nothing, so nothing shadows the
# built-in defaults: each kind's num_predict is its row's in the table
cg-config >shipped.json 2>err; rc=$?
is "$rc" 0 "the shipped config resolves"
is "$(cat err)" "" "... without warnings"
is "$(grep -v '^ *#' "$CG_ROOT/config/llm.yaml" | grep .)" "llm:" \
	"config/llm.yaml: every line under llm: a comment"
is "$(jq -c '.llm.kinds | map_values(.num_predict)' shipped.json)" \
	"$(jq -c 'map({(.name): .num_predict}) | add' kinds.json)" \
	"every kind's num_predict is the kinds table's"
# its "#key: value" lines are the built-in defaults, every one of them
# but the kinds' (config/kinds.yaml): uncommented, they resolve to the
# defaults, and they name every key the defaults have
mkdir -p ref/config
sed 's/^\( *\)#\([a-z_]*:\)/\1\2/' "$CG_ROOT/config/llm.yaml" >ref/config/llm.yaml
CG_ROOT=$T/ref cg-config >ref.json 2>err
is "$(jq -c .llm ref.json)" "$(jq -c .llm def.json)" \
	"config/llm.yaml's commented values are the built-in defaults"
refkeys() {
	awk '/^ *#[a-z_]+:/ { match($0, /^ */); d = RLENGTH / 2; sub(/^ *#/, "")
		k = $0; sub(/:.*/, "", k); v = $0; sub(/^[^:]*: */, "", v)
		p[d] = k; if (v == "") next; s = p[1]
		for (i = 2; i <= d; i++) s = s "." p[i]; print s }' "$1" | sort
}
is "$(refkeys "$CG_ROOT/config/llm.yaml" | tr '\n' ' ')" \
	"$(jq -r '.llm | del(.kinds) | paths(scalars) | map(tostring) | join(".")' def.json |
	sort | tr '\n' ' ')" "... and name every default but the kinds'"

# precedence: defaults < llm.yaml < course < env < -s
mkdir -p root/config
cat >root/config/llm.yaml <<'EOF'
llm:
  model: file-model
  keep_alive: 5m
  options: {temperature: 0.3, top_k: 11}
  timeouts: {idle: 7}
EOF
cat >c.yaml <<'EOF'
name: Soil Science
subject: Soils
modules: 2
sessions: 4
llm:
  model: course-model
  options: {top_k: 22}
EOF
run() { CG_ROOT=$T/root cg-config "$@" 2>err; }
run >p.json
is "$(jget p.json llm.options.num_ctx)" 8192 "defaults under llm.yaml"
is "$(jget p.json llm.options.temperature)" 0.3 "llm.yaml beats defaults"
is "$(jget p.json llm.timeouts.idle)" 7 "llm.yaml merges into timeouts"
is "$(jget p.json llm.timeouts.total)" 1800 "... keeping the other defaults"
is "$(jget p.json llm.model)" file-model "llm.yaml model without a course"
run c.yaml >p.json
is "$(jget p.json llm.model)" course-model "course beats llm.yaml"
is "$(jget p.json llm.options.top_k)" 22 "course options beat llm.yaml"
is "$(jget p.json llm.keep_alive)" 5m "llm.yaml keeps what the course does not set"
CG_MODEL=env-model run c.yaml >p.json
is "$(jget p.json llm.model)" env-model "CG_MODEL beats the course"
CG_MODEL=env-model run -s llm.model=flag-model -s llm.options.top_k=33 c.yaml >p.json
is "$(jget p.json llm.model)" flag-model "-s beats the environment"
is "$(jget p.json llm.options.top_k)" 33 "-s sets a number"
CG_PROVIDER=openai run c.yaml >p.json
is "$(jget p.json llm.provider)" openai "CG_PROVIDER"
run -s course.modules=3 -s course.sessions=9 c.yaml >p.json
is "$(jget p.json course.modules)/$(jget p.json course.sessions)" 3/9 \
	"-s overrides course keys"
is "$(jget p.json course.slug)" soil-science "slug from the name"

# -g: one value
is "$(cg-config -g course.slug c.yaml)" soil-science "-g prints a string as is"
is "$(cg-config -g llm.timeouts.idle -s llm.timeouts.idle=3 c.yaml)" 3 "-g prints a number"
is "$(cg-config -g course.items c.yaml)" '{"min":3,"max":7}' "-g prints an object compact"
is "$(cg-config -k -g llm.model c.yaml)" course-model "-g with -k reads the outline key"
cg-config -g course.nope c.yaml >/dev/null 2>err; rc=$?
is "$rc" 64 "-g on a missing key: exit 64"
like "$(cat err)" 'course\.nope: no such key' "... named"
printf 'subject: x\nmodules: 0\n' >bad0.yaml
cg-config -g course.slug bad0.yaml >/dev/null 2>&1; rc=$?
is "$rc" 65 "-g checks the course too"

# OLLAMA_HOST / CG_URL
for pair in "0.0.0.0:11434 http://127.0.0.1:11434" "gpu-box http://gpu-box:11434" \
	"gpu-box:8080/ http://gpu-box:8080" "https://h.example/ https://h.example" \
	"http://h:1234// http://h:1234"; do
	set -- $pair
	is "$(OLLAMA_HOST=$1 cg-config | jget - llm.url)" "$2" "OLLAMA_HOST=$1 -> $2"
done
is "$(CG_URL=http://a:1/ OLLAMA_HOST=b cg-config | jget - llm.url)" http://a:1 \
	"CG_URL beats OLLAMA_HOST"
rm -f out.json
OLLAMA_HOST=ftp://h cg-config -o out.json >/dev/null 2>err; rc=$?
is "$rc" 78 "non-http OLLAMA_HOST: exit 78"
like "$(cat err)" '^cg-config: OLLAMA_HOST: "llm.url": "ftp://h" is not an http\(s\) URL' \
	"... message names OLLAMA_HOST"
[ ! -e out.json ]; ok $? "... nothing written"

# a URL with a secret in it (user:password@, a ?token=, a #fragment) is
# refused, exit 78, naming the setting and never showing the secret; a
# query would break the endpoint the client appends (.../?token=X/api/chat)
secret() {	# secret DESC CMD...: refused (78), named, not shown, not written
	_d=$1; shift
	rm -f sec.json
	"$@" >/dev/null 2>err; rc=$?
	is "$rc" 78 "$_d: exit 78"
	unlike "$(cat err)" 's3cret' "$_d: the secret not shown"
	[ ! -e sec.json ]; ok $? "$_d: no course.json written"
}
secret "CG_URL user:password@" env CG_URL=http://bob:s3cret@h:1 cg-config -o sec.json
like "$(cat err)" 'CG_URL: "llm\.url": "http://\*\*\*@h:1": a server URL must not carry a user name or password' \
	"... the setting named, the URL masked"
secret "OLLAMA_HOST user:password@" env OLLAMA_HOST=bob:s3cret@h cg-config -o sec.json
secret "CG_URL ?token=" env CG_URL='http://h:1/?token=s3cret' cg-config -o sec.json
like "$(cat err)" 'CG_URL: "llm\.url": "http://h:1/\?token=\*\*\*": a server URL must not have a query' \
	"... says why, the value masked"
secret "CG_URL #fragment" env CG_URL='http://h:1#s3cret' cg-config -o sec.json
printf 'subject: x\nllm:\n  url: "http://bob:s3cret@h:1"\n' >sec.yaml
secret "llm.url user:password@" cg-config -o sec.json sec.yaml
like "$(cat err)" 'sec\.yaml:3:8: "llm\.url": "http://\*\*\*@h:1"' "... named with line:col"
printf 'subject: x\nllm:\n  hosts:\n    - "http://h:1/?key=s3cret"\n' >sec.yaml
secret "llm.hosts ?key=" cg-config -o sec.json sec.yaml
like "$(cat err)" '"llm\.hosts\[0\]\.url": "http://h:1/\?key=\*\*\*"' "... the host named"
secret "-s llm.url= with a password" cg-config -s 'llm.url="http://bob:s3cret@h:1"' -o sec.json
echo hi >p.txt
secret "cg-llm -u with a password" cg-llm -u http://bob:s3cret@127.0.0.1:1 -i p.txt
cg-config -o sec-ok.json
secret "cg-llm: CG_URL with a token over course.json" env CG_URL='http://127.0.0.1:1/?token=s3cret' cg-llm -c sec-ok.json -i p.txt
sed 's|"http://127.0.0.1:11434"|"http://127.0.0.1:1/?token=s3cret"|' sec-ok.json >sec-edit.json
grep -q 'token=s3cret' sec-edit.json; ok $? "(a course.json edited by hand)"
secret "cg-llm: a token written into course.json by hand" cg-llm -c sec-edit.json -i p.txt
secret "cg-llm -P (doctor) with a password" env CG_URL=http://bob:s3cret@127.0.0.1:1 cg-llm -P

# one grammar: cg-config writes the URL as libcurl's parser does, with the
# environment's override applied; a tool trusts course.json's URL as it is
is "$(CG_URL=localhost:8080/ cg-config -g llm.url)" http://localhost:8080 \
	"CG_URL made canonical by cg-config"
is "$(OLLAMA_HOST='[::]' cg-config -g llm.url)" 'http://[::1]:11434' \
	"OLLAMA_HOST [::] made canonical by cg-config"

# ... and a URL in another form is made canonical by the client only when
# it asks the server: a reply from the cache loads no libcurl
start_sim
echo "Say hello." >hi.txt
CG_CACHE=$T/cache CG_URL=localhost:$SIM_PORT/ cg-llm -i hi.txt >/dev/null 2>err
ok $? "CG_URL=localhost:PORT/ (not canonical): the request is made"
CG_CACHE=$T/cache CG_URL=localhost:$SIM_PORT/ LD_DEBUG=files cg-llm -i hi.txt >/dev/null 2>ld
is "$(grep -c 'file=libcurl' ld)" 0 "... the same again, from the cache: no libcurl"
CG_URL=localhost:$SIM_PORT/ cg-config -o hit.json
CG_CACHE=$T/cache CG_URL=localhost:$SIM_PORT/ LD_DEBUG=files cg-llm -c hit.json -i hi.txt >/dev/null 2>ld
is "$(grep -c 'file=libcurl' ld)" 0 "... with course.json and the same CG_URL: no libcurl"

# llm.hosts: plain URLs become {url, slots: 1}, URLs normalised; CG_URL
# replaces the list, OLLAMA_HOST does not
mkdir -p hroot/config
printf 'llm:\n  hosts:\n    - gpu-a\n    - {url: "http://gpu-b:8080/", slots: 3}\n' \
	>hroot/config/llm.yaml
is "$(CG_ROOT=$T/hroot cg-config -g llm.hosts)" \
	'[{"url":"http://gpu-a:11434","slots":1},{"url":"http://gpu-b:8080","slots":3}]' \
	"hosts normalised"
is "$(CG_ROOT=$T/hroot OLLAMA_HOST=x cg-config -g llm.hosts | cut -c1-9)" '[{"url":"' \
	"OLLAMA_HOST keeps llm.hosts"
CG_ROOT=$T/hroot CG_URL=http://only:1 cg-config -g llm.hosts >/dev/null 2>&1
is "$?" 64 "CG_URL replaces llm.hosts"
printf 'llm:\n  hosts:\n    - {url: "gpu-a", slots: 0}\n' >hroot/config/llm.yaml
CG_ROOT=$T/hroot cg-config >/dev/null 2>err; rc=$?
is "$rc" 78 "host with 0 slots: exit 78"
like "$(cat err)" 'llm\.yaml:3:29: "llm\.hosts\[0\]\.slots" must be a positive integer' \
	"... named with line:col"

# the API key never reaches the configuration
CG_API_KEY=sk-test-0123456789 cg-config c.yaml >k.json 2>&1
CG_API_KEY=sk-test-0123456789 cg-config -k c.yaml >>k.json 2>&1
unlike "$(cat k.json)" 'sk-test-0123456789|CG_API_KEY' "CG_API_KEY never in the output"

# unknown keys: an error (78) naming each with a suggestion; with
# llm.strict: false, warnings and dropped
printf 'subject: Soils\nmodles: 3\nllm:\n  temprature: 1\n  options:\n    temprature: 0.1\n' >typo.yaml
cg-config typo.yaml >t.json 2>err; rc=$?
is "$rc" 78 "unknown keys are an error: 78"
is "$(grep -c 'unknown key' err)" 3 "... each named"
like "$(cat err)" 'llm\.strict: false' "... and how to let them pass"
test ! -s t.json; ok $? "... and nothing is written"
printf 'subject: Soils\nmodles: 3\nllm:\n  strict: false\n  temprature: 1\n  options:\n    temprature: 0.1\n' >typo.yaml
cg-config typo.yaml >t.json 2>err; rc=$?
is "$rc" 0 "llm.strict: false: unknown keys are warnings"
like "$(cat err)" '^cg-config: typo\.yaml:2:1: unknown key "modles"; did you mean "modules"\?' \
	"suggestion for a course key"
like "$(cat err)" 'typo\.yaml:5:3: unknown key "temprature"; did you mean "options\.temperature"\?' \
	"misplaced key: suggestion one level down"
like "$(cat err)" 'typo\.yaml:7:5: unknown key "temprature" \(passed on as is\); did you mean "temperature"\?' \
	"near-miss option: warned, passed on"
is "$(jget t.json course.modles)" undefined "unknown course key dropped"
rm -f out.json
cg-config -o out.json -s course.modles=3 typo.yaml >/dev/null 2>err; rc=$?
is "$rc" 64 "unknown -s key: exit 64"
like "$(cat err)" 'override course.modles=3: unknown key "modles"; did you mean "modules"\?' \
	"... with a suggestion"
[ ! -e out.json ]; ok $? "... nothing written"

# bad course data: exit 65 (78 for llm settings), key named, nothing written
badc() {
	printf "$1" >bad.yaml
	rm -f out.json
	cg-config -o out.json bad.yaml >/dev/null 2>err; rc=$?
	is "$rc" "$2" "$4: exit $2"
	like "$(cat err)" "$3" "$4: message"
	[ ! -e out.json ]; ok $? "$4: nothing written"
}
badc 'subject: x\nmodules: 0\n' 65 '^cg-config: bad\.yaml:2:10: "modules" must be a positive integer' \
	"0 modules"
badc 'subject: x\nmodules: 5\nsessions: 3\n' 65 '^cg-config: bad\.yaml:3:11: "sessions" \(3\) must be at least "modules" \(5\)' \
	"more modules than sessions"
badc 'subject: x\nmodules: -2\n' 65 'bad\.yaml:2:10: "modules" must be a positive integer \(got -2\)' \
	"negative modules"
badc 'subject: x\nsessions: -4\n' 65 'bad\.yaml:2:11: "sessions" must be a positive integer' \
	"negative sessions"
badc 'subject: x\nmodules: 4\nsessions: 10000\n' 65 'bad\.yaml:3:11: "sessions" must be at most 500' \
	"absurd sessions"
badc 'subject: x\nmodules: 1000\nsessions: 2000\n' 65 'bad\.yaml:2:10: "modules" must be at most 50' \
	"absurd modules"
badc 'subject: x\ndiagrams_per_session: 99\n' 65 '"diagrams_per_session" must be at most 10' \
	"absurd diagrams"
badc 'subject: x\nquestions: {options: 9}\n' 65 'bad\.yaml:2:22: "questions\.options" must be at most 6' \
	"absurd options"
badc 'subject: x\nitems: {min: 6, max: 3}\n' 65 '"items\.max" \(3\) must not be less than "items\.min" \(6\)' \
	"items max < min"
badc 'name: Nothing\nmodules: 2\n' 65 '^cg-config: bad\.yaml: "subject" is required' \
	"missing subject"
badc 'subject: x\nmodules: two\n' 65 'bad\.yaml:2:10: "modules" must be a whole number, not a string' \
	"wrong type"
badc 'subject: x\nllm:\n  provider: gpt\n' 78 'bad\.yaml:3:13: "llm\.provider" must be "ollama" or "openai"' \
	"bad provider"
badc 'subject: x\nllm:\n  timeouts:\n    idle: -5\n' 78 'bad\.yaml:4:11: "llm\.timeouts\.idle" must be a positive number' \
	"negative timeout"
badc 'subject: x\nllm:\n  url: "ftp://x"\n' 78 'bad\.yaml:3:8: "llm\.url": "ftp://x" is not an http' \
	"non-http url"
# course text goes into every prompt: capped (description 4000 bytes,
# titles 200, each constraint 1000)
long=$(head -c 4001 /dev/zero | tr '\0' a)
badc "subject: x\ndescription: $long\n" 65 'bad\.yaml:2:14: "description" must be at most 4000 bytes long \(got 4001\)' \
	"a 4001-byte description"
badc "name: $(head -c 201 /dev/zero | tr '\0' a)\nsubject: x\n" 65 'bad\.yaml:1:7: "name" must be at most 200 bytes long' \
	"a 201-byte name"
badc "subject: x\nconstraints:\n  - ok\n  - $(head -c 1001 /dev/zero | tr '\0' a)\n" 65 'bad\.yaml:4:5: "constraints\[1\]" must be at most 1000 bytes' \
	"a 1001-byte constraint"
badc "subject: x\ndescription: $(head -c 4000 /dev/zero | tr '\0' a)\nmodules: 0\n" 65 '"modules" must be a positive integer' \
	"a 4000-byte description is fine"
badc 'subject: x\noutline: nope.json\n' 66 'bad\.yaml:2:10: "outline": cannot read nope\.json' \
	"missing outline file"
rm -f out.json
cg-config -o out.json -s course.modules=0 c.yaml >/dev/null 2>err; rc=$?
is "$rc" 65 "bad -s value: exit 65"
like "$(cat err)" '^cg-config: override course\.modules=0: "modules" must be a positive integer' \
	"... the override named"
[ ! -e out.json ]; ok $? "... nothing written"

# outline: relative to the course yaml's directory
mkdir -p sub
printf 'subject: Soils\noutline: my-outline.json\n' >sub/o.yaml
echo '{}' >sub/my-outline.json
cg-config sub/o.yaml >o.json 2>err; rc=$?
is "$rc" 0 "course with an outline file resolves"
is "$(jget o.json course.outline)" sub/my-outline.json "outline path relative to the course yaml"

# -o: write-if-changed keeps the mtime
cg-config -o out.json c.yaml 2>err; rc=$?
is "$rc" 0 "-o writes"
is "$(jget out.json course.name)" "Soil Science" "... the resolved document"
touch -d @946684800 out.json
cg-config -o out.json c.yaml
is "$(stat -c %Y out.json)" 946684800 "unchanged: mtime kept"
cg-config -o out.json -s llm.model=other c.yaml
unlike "$(stat -c %Y out.json)" '^946684800$' "changed: rewritten"
is "$(jget out.json llm.model)" other "... with the new content"
ls -a | grep -q '\.tmp\|^\.out\.json\.' ; ok $((!$?)) "no temp file left"

# -k: the outline key, changed only by what determines the outline
cg-config -k -o key.json c.yaml; rc=$?
is "$rc" 0 "-k writes the outline key"
is "$(jq -r 'keys_unsorted | join(",")' key.json)" course,llm,content \
	"... with course, llm, content"
is "$(jq -r '.llm | keys_unsorted | join(",")' key.json)" provider,model,options \
	"... llm: provider, model, options only"
is "$(jget key.json course.subject)" Soils "... the course object"
is "$(jget key.json llm.options.num_predict)" 4096 "... the outline's num_predict"
touch -d @946684800 key.json
cg-config -k -o key.json -s llm.timeouts.idle=5 -s llm.url=http://x:1 \
	-s llm.kinds.lecture.num_predict=9 c.yaml
is "$(stat -c %Y key.json)" 946684800 "timeouts, url, other kinds: key unchanged"
cg-config -k -o key.json -s llm.options.temperature=0.1 c.yaml
unlike "$(stat -c %Y key.json)" '^946684800$' "a sampling option changes the key"
# the outline's cap, wherever it is set, by the client's precedence
# (llm.num_predict < llm.options.num_predict < kinds.outline.num_predict
# < kinds.outline.options.num_predict)
cg-config -k -o key.json c.yaml
touch -d @946684800 key.json
cg-config -k -o key.json -s llm.num_predict=100 -s llm.options.num_predict=200 c.yaml
is "$(stat -c %Y key.json)" 946684800 "caps under the outline's own: key unchanged"
cg-config -k -o key.json -s llm.kinds.outline.options.num_predict=6000 c.yaml
unlike "$(stat -c %Y key.json)" '^946684800$' \
	"llm.kinds.outline.options.num_predict changes the key"
is "$(jget key.json llm.options.num_predict)" 6000 "... which holds the cap the request carries"
start_sim
cg-config -o cj.json -s llm.url="$SIM_URL" -s llm.kinds.outline.options.num_predict=6000 c.yaml
echo hi | CG_COURSE_JSON=$T/cj.json cg-llm -T outline >/dev/null 2>&1
is "$(sim_stats | jq '.last[-1].options.num_predict')" 6000 "... the outline request's cap"

# every shipped course resolves cleanly
for f in "$CG_ROOT"/config/course.yaml "$CG_ROOT"/courses/*.yaml; do
	n=${f#"$CG_ROOT"/}
	cg-config -o shipped.json "$f" 2>err; rc=$?
	is "$rc" 0 "$n resolves"
	is "$(cat err)" "" "$n: no warnings"
	like "$(jget shipped.json course.subject)" '.' "$n: has a subject"
done
n=$(ls "$CG_ROOT"/courses/*.yaml | wc -l)
[ "$n" -ge 8 ]; ok $? "at least 8 courses in courses/ ($n)"

done_testing

#!/bin/sh
# The live line: on a terminal, make course shows the running generations
# and their token counts in one line redrawn in place
# ("\r\033[K  ▸ 2 running: s01/lab.md 412 tok · s01/notes.md 180 tok"),
# cleared before each finished line; records of gone processes and of
# other runs are dropped; with standard error a file not one escape
# byte; CG_QUIET=1 shows neither.  script(1) gives make a terminal.
. "${CG_ROOT:-.}/tests/lib.sh"

command -v script >/dev/null 2>&1 || { echo "1..0 # SKIP no script(1)"; exit 0; }
start_sim -s 4 -r 600 -w 150
export CG_URL=$SIM_URL
cat >c.yaml <<EOF
name: Tiny cells
subject: Cell biology
modules: 1
sessions: 1
diagrams_per_session: 1
EOF
O=$T/course
E=$(printf '\033')
MK="make -s -C '$CG_ROOT' -f Course.mk BIN='$CG_BIN' OUT='$O' COURSE='$T/c.yaml' SET=llm.slots=4 -j4 course"
# pty CMD: run CMD with a terminal as its standard output and error
pty() { TERM=xterm LC_ALL=C.UTF-8 script -qec "$1" /dev/null </dev/null; }
# count PERL-REGEX FILE: its matches in the bytes of FILE
count() { perl -0777 -ne '$n = () = /'"$1"'/g; print $n + 0' "$2"; }

# a record of a gone process of this run, and one of another run: the
# run is the process that execs make (Course.mk takes CG_RUN as given)
sh -c 'exit 0' & dead=$!
wait $dead
cat >run.sh <<EOF
mkdir -p '$O/log/progress.live'
echo "\$\$ 0 1e12 50 s09/ghost.md" >'$O/log/progress.live/$dead'
echo "1 0 1e12 50 s08/other-run.md" >'$O/log/progress.live/1'
CG_RUN=\$\$ exec $MK
EOF
pty "sh run.sh" >tty 2>&1
is $? 0 "make course on a terminal"
n=$(( $(generated_files "$O" | grep -vc session.json) - $(ls "$O"/s*/questions.md | wc -l) + 1 ))
live='\r\e\[K  \xe2\x96\xb8 \d+ running: s01\/[a-z0-9.-]+ \d+ tok'
ok $([ "$(count "$live" tty)" -gt 0 ] && echo 0 || echo 1) "the live line: CR ESC[K ▸ N running: TARGET N tok"
ok $([ "$(count '\r\e\[K  \xe2\x96\xb8 [2-9] running: [^\r]* \d+ tok \xc2\xb7 [^\r]*tok' tty)" -gt 0 ] && echo 0 || echo 1) "... several at once, in one line"
ok $([ "$(perl -CSD -0777 -ne '$n = () = /\r\e\[K  \x{25b8}[^\r]{77}/g; print $n + 0' tty)" = 0 ] && echo 0 || echo 1) "... never wider than the 80 columns of a terminal of unknown width"
is "$(count '\r\e\[K\[\d+\/\d+\] [^\r\n]+\r\n' tty)" "$n" "each of the $n finished lines clears the line first and stands alone"
is "$(perl -ne 'print "$1\n" while /\r\e\[K\[(\d+)\//g' tty | sort -n | tr '\n' ' ')" "$(seq -s ' ' 1 "$n") " "... numbered 1 to $n, each once"
is "$(perl -0777 -ne 's/.*\[\d+\/\d+\] [^\n]*\n//s; print' tty | grep -ac running:)" 0 "no live line after the last finished line"
like "$(perl -0777 -ne 's/.*\[\d+\/\d+\] [^\n]*\n//s; print' tty | tr -d '\r')" "^$O: [0-9]+ files: " "... the summary starts a clean line"
is "$(grep -ac 'ghost\|other-run' tty)" 0 "records of a gone process or another run are not shown"
is "$(ls "$O/log/progress.live" | wc -l | tr -d ' ')" 0 "... and removed; every generation removed its own"

rm "$O/s01/extension.md" "$O/s01/integration.md"
pty "$MK 2>'$T/err'" >tty 2>&1
is $? 0 "make course on a terminal, standard error to a file"
is "$(grep -c '^\[' err)" 2 "... one line per finished target"
is "$(count '\e' err)" 0 "... and not one escape byte"
is "$(count '\r' err)" 0 "... nor a carriage return"

rm "$O/s01/open-questions.md"
CG_QUIET=1 pty "$MK" >tty 2>&1
is $? 0 "CG_QUIET=1 make course on a terminal"
is "$(grep -ac 'running:' tty)" 0 "... no live line"
is "$(grep -ac '\[[0-9]*/[0-9]*\]' tty)" 0 "... no finished line"
is "$(count '\e' tty)" 0 "... no escape byte"

# two hosts, one slot each, streams of 3 s: the line names both, each
# with its rate, after the run's (a terminal of 250 columns holds it all)
unset CG_URL
start_sim -s 1 -r 100 -w 300; PA=$SIM_PORT; A=$SIM_URL
start_sim -s 1 -r 100 -w 300; PB=$SIM_PORT; B=$SIM_URL
cat >two.yaml <<EOF
name: Tiny cells
subject: Cell biology
modules: 1
sessions: 1
diagrams_per_session: 1
llm:
  hosts:
    - url: $A
      slots: 1
    - url: $B
      slots: 1
EOF
set -- $(printf '127.0.0.1:%s\n' "$PA" "$PB" | sort)
pty "stty cols 250; make -s -C '$CG_ROOT' -f Course.mk BIN='$CG_BIN' OUT='$T/two' COURSE='$T/two.yaml' -j4 course" >tty 2>&1
is $? 0 "make course over two hosts on a terminal"
hosts='\(\d+ tok\/s \xc2\xb7 '"$1"' \d+ tok\/s, '"$2"' \d+ tok\/s\)'
ok $([ "$(count '\r\e\[K  \xe2\x96\xb8 [2-4] running: [^\r]*tok  '"$hosts" tty)" -gt 0 ] && echo 0 || echo 1) "... the live line: the run's rate, then each host's ($1 N tok/s, $2 N tok/s)"
is "$(count '\r\e\[K  \xe2\x96\xb8 1 running: [^\r]*tok\/s \xc2\xb7' tty)" 0 "... not while one generation runs, on one host"
done_testing

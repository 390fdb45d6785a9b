# cg.bash — bash completion for cg's programs and its make goals.
#
# The programs' options come from their --help (read once per shell).
# make: in a folder that builds courses (the source tree, or a folder
# made by cg-init whose Makefile includes Course.mk), the build goals (the
# Makefile's "## goal:" lines), the course goals, the variables, and the
# sessions' goals (sNN, sNN-KIND) of the course's plan, OUT/course.mk;
# anywhere else make's own completion.  make install puts this file in
# share/bash-completion/completions; source it from ~/.bashrc for make.

# the course goals (Course.mk) and the variables it reads
_cg_course_goals='course demo outline site pdf export stats check plan status help
	doctor clean-course cache-stats cache-clean serve'
_cg_make_vars='COURSE= OUT= SET= FRESH=1 KEEP=1 ALL=1 AGE= SIZE= PORT= LISTEN= V=1'
declare -gA _cg_opts 2>/dev/null || declare -A _cg_opts

# _cg_optlist PROG: its long and short options, from --help
_cg_optlist() {
	if [[ -z ${_cg_opts[$1]+x} ]]; then
		_cg_opts[$1]=$("$1" --help 2>/dev/null | sed -n \
		    -e 's/^  \(-[^ ,]*\)\(, \(--[^ =]*\)\)\{0,1\}.*/\1 \3/p' \
		    -e 's/^      \(--[^ =]*\).*/\1/p' | tr '\n' ' ')
	fi
	printf '%s\n' "${_cg_opts[$1]}"
}

_cg_tool() {
	local cur=${COMP_WORDS[COMP_CWORD]}
	COMPREPLY=()
	if [[ $cur == -* ]]; then
		local IFS=$' \t\n'
		COMPREPLY=($(compgen -W "$(_cg_optlist "${COMP_WORDS[0]}")" -- "$cur"))
	fi
}

# _cg_word NAME: the value of NAME=... on the command line
_cg_word() {
	local w
	for w in "${COMP_WORDS[@]}"; do
		[[ $w == "$1="* ]] && printf '%s\n' "${w#*=}"
	done | tail -n 1
}

# the course folder's OUT: OUT= on the command line, else what Course.mk
# takes, out/SLUG of COURSE (cg-config -g course.slug)
_cg_out() {
	local out course bin
	out=$(_cg_word OUT)
	if [[ -n $out ]]; then printf '%s\n' "$out"; return; fi
	course=$(_cg_word COURSE)
	[[ -n $course ]] || course=$(sed -n 's/^COURSE *[:?]*= *//p' Makefile 2>/dev/null | head -n 1)
	[[ -n $course ]] || course=config/course.yaml
	bin=$(sed -n 's/^BIN *[:?]*= *//p' Makefile 2>/dev/null | head -n 1)
	[[ -n $bin ]] || bin=bin
	if [[ -x $bin/cg-config ]]; then bin=$bin/cg-config; else bin=cg-config; fi
	printf 'out/%s\n' "$("$bin" -g course.slug "$course" 2>/dev/null || echo course)"
}

# the sessions' goals of OUT's plan
_cg_session_goals() {
	sed -n 's/^CG_PHONY += //p' "$1/course.mk" 2>/dev/null
}

_cg_make() {
	local cur=${COMP_WORDS[COMP_CWORD]} goals
	if [[ ! -f Course.mk ]] && ! grep -qs 'Course\.mk' Makefile; then
		# not a course folder: make's own completion, if there is one
		local f
		for f in _comp_cmd_make _make; do
			if declare -F $f >/dev/null; then $f "$@"; return; fi
		done
		if declare -F __load_completion >/dev/null && __load_completion make; then
			complete -F _cg_make make
			for f in _comp_cmd_make _make; do
				if declare -F $f >/dev/null; then $f "$@"; return; fi
			done
		fi
		COMPREPLY=()
		return
	fi
	COMPREPLY=()
	case $cur in
	-*) return ;;
	OUT=*|COURSE=*)
		compopt -o filenames 2>/dev/null
		COMPREPLY=($(compgen -f -- "${cur#*=}"))
		COMPREPLY=("${COMPREPLY[@]/#/${cur%%=*}=}")
		return ;;
	esac
	goals="$(sed -n 's/^## \([a-z-]*\):.*/\1/p' Makefile 2>/dev/null) $_cg_course_goals"
	goals="$goals $(_cg_session_goals "$(_cg_out)")"
	local IFS=$' \t\n'
	COMPREPLY=($(compgen -W "$goals $_cg_make_vars" -- "$cur"))
	[[ ${#COMPREPLY[@]} == 1 && ${COMPREPLY[0]} == *= ]] && compopt -o nospace 2>/dev/null
	return 0
}

complete -o default -F _cg_tool cg-cache cg-check cg-config cg-export cg-gen \
	cg-init cg-llm cg-outline cg-plan cg-prompt cg-sim cg-site cg-stats cg-status \
	cg-lecture cg-lab cg-notes cg-diagram cg-questions cg-application cg-extension \
	cg-visualization cg-integration cg-investigation cg-open-questions
complete -F _cg_make make

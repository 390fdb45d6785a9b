#!/bin/sh
# manlint.sh — every option a tool's usage() prints appears in its man page
# SYNOPSIS and is described in the page, and the SYNOPSIS has no option the
# usage lacks.  Run by `make lint` (CG_BIN: where the programs are).
CG_ROOT=${CG_ROOT:-.}
CG_BIN=${CG_BIN:-$CG_ROOT/bin}
status=0

# opts TEXT: the option names in a synopsis line, one per line
opts() {
	printf '%s\n' "$1" | grep -oE '\[-[-A-Za-z0-9]+' | sed 's/^\[//' |
	while read -r o; do
		case $o in
		--*) echo "$o" ;;
		*) echo "$o" | cut -c2- | fold -w1 | sed 's/^/-/' ;;
		esac
	done | sort -u
}

for src in "$CG_ROOT"/tools/cg-*.c; do
	name=$(basename "$src" .c)
	page=$CG_ROOT/man/$name.1
	if [ ! -f "$page" ]; then
		echo "manlint: $name: no man page $page"; status=1; continue
	fi
	[ -x "$CG_BIN/$name" ] || { echo "manlint: $name: not built"; status=1; continue; }
	if [ "$name" = cg-gen ]; then run="$CG_BIN/cg-lecture"; else run="$CG_BIN/$name"; fi
	u=$("$run" -h 2>&1 | tr '\n' ' ')
	text=$(MANWIDTH=200 mandoc -Tascii -O width=200 "$page" | sed 's/.\x08//g')
	syn=$(printf '%s\n' "$text" | sed -n '/^SYNOPSIS/,/^DESCRIPTION/p' | tr '\n' ' ')
	uo=$(opts "$u") so=$(opts "$syn")
	if [ "$uo" != "$so" ]; then
		echo "manlint: $name: usage options [$(echo $uo)] != SYNOPSIS options [$(echo $so)]"
		status=1
	fi
	for o in $uo; do
		printf '%s\n' "$text" | sed -n '/^DESCRIPTION/,$p' |
		    grep -qE "^ +$o( |,|$)" || {
			echo "manlint: $name: option $o is not described in $page"; status=1; }
	done
done
for src in "$CG_ROOT"/tools/cg-*.c; do
	name=$(basename "$src" .c)
	grep -q "Xr $name 1" "$CG_ROOT/man/cg.7" || {
		echo "manlint: cg.7 does not list $name"; status=1; }
done
exit $status

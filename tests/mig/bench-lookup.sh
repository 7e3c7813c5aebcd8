#!/bin/sh
# bench-lookup.sh: how name look-up scales.  Our mig and GNU MIG compile
# one generated interface of N types and N routines (N=20000 unless set),
# each routine using its own type, into user, server and header files.
# Prints the wall and CPU (user + system) seconds of each, cpp included.
# Not a test: `make bench-mig-lookup` (N=... to change the size).
: "${MIGCOM:?}"
N=${N:-20000}
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

awk -v n="$N" 'BEGIN {
	print "subsystem lookup 1000;"
	print "type port_t = MACH_MSG_TYPE_COPY_SEND;"
	for (i = 0; i < n; i++)
		printf "type t%d = int;\n", i
	for (i = 0; i < n; i++)
		printf "routine r%d(server : port_t; a : t%d);\n", i, i
}' >"$tmp/lookup.defs"

now() { date +%s.%N; }
# run LABEL COMMAND...: run it once in $tmp, print its times.
run() {
	label=$1
	shift
	t0=$(now)
	# the second line of `times` is what the subshell's children used
	cpu=$( (cd "$tmp" && "$@" >"$tmp/log" 2>&1; s=$?; times; exit $s) |
		sed -n '2s/[ms]/ /gp' |
		awk '{ printf "%.2f", $1 * 60 + $2 + $3 * 60 + $4 }') ||
		{ echo "$label failed:"; cat "$tmp/log"; exit 1; }
	t1=$(now)
	wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
	echo "$label: $wall s wall, $cpu s CPU"
}

echo "$N types and $N routines ($(wc -c <"$tmp/lookup.defs") bytes)"
run "our mig" env MIGCOM="$MIGCOM" "$top/mig/mig" -n -user u.c \
	-server s.c -header h.h lookup.defs
if [ -n "$GNU_MIG" ] && [ -x "$GNU_MIG" ]; then
	run "GNU MIG" env -u MIGCOM "$GNU_MIG" -D__x86_64__ -n -user u.c \
		-server s.c -header h.h lookup.defs
else
	echo "GNU MIG not installed"
fi

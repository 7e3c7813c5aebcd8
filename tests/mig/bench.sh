#!/bin/sh
# bench.sh: wall time of our mig vs GNU MIG on GNU Mach's largest
# interfaces (each compiled N times), printed as a ratio.  Not a test.
: "${MIGCOM:?}" "${MIG_ORACLE_DIR:?}"
N=${N:-20}
top=$(cd "$(dirname "$0")/../.." && pwd)
inc=$MIG_ORACLE_DIR/root/usr/include/x86_64-linux-gnu
dir=$inc/mach
GNU_MIG=$MIG_ORACLE_DIR/root/usr/bin/x86_64-gnu-mig
files="$dir/mach.defs $dir/mach_port.defs $dir/mach_host.defs $dir/memory_object.defs"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
now() { date +%s.%N; }
run_ours() {
	for i in $(seq $N); do for f in $files; do
		MIGCOM=$MIGCOM "$top/mig/mig" -nostdinc -I"$inc" -n -user "$tmp/u.c" -server "$tmp/s.c" -header "$tmp/h.h" "$f" || exit 1
	done; done
}
run_gnu() {
	for i in $(seq $N); do for f in $files; do
		env -u MIGCOM "$GNU_MIG" -D__x86_64__ -D__LP64__ -nostdinc -I"$inc" -n -user "$tmp/u.c" -server "$tmp/s.c" -header "$tmp/h.h" "$f" || exit 1
	done; done
}
t0=$(now); run_ours; t1=$(now)
ours=$(echo "$t1 - $t0" | bc)
echo "our mig: $ours s for $N x 4 interfaces (cpp included)"
if [ -n "$GNU_MIG" ] && [ -x "$GNU_MIG" ]; then
	t0=$(now); run_gnu; t1=$(now)
	gnu=$(echo "$t1 - $t0" | bc)
	echo "GNU MIG: $gnu s"
	echo "ratio ours/GNU: $(echo "scale=2; $ours / $gnu" | bc)"
else
	echo "GNU MIG not installed: no ratio"
fi

# Generated code size, one line per interface (size.sh).
SIZE_REPORT=1 "$top/tests/mig/size.sh"

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

# Generated code size: text of the user and server stubs at -O2 (gcc,
# freestanding, as the kernel builds them), ours against GNU MIG's, one
# line per interface: the Hurd-style ones of tests/mig, then GNU Mach's.
# GNU MIG's stubs compile against gnumach-dev; ours against include/
# for our own interfaces, against gnumach-dev for GNU Mach's.
CC=${CC:-gcc}
std="-ffreestanding -nostdinc -isystem $($CC -print-file-name=include) -D__x86_64__ -D__LP64__"
mkdir -p "$tmp/st/mach" "$tmp/st/sys" "$tmp/libc"
cat >"$tmp/st/mach/mig_support.h" <<'EOT'
#include <mach/message.h>
#include <mach/port.h>
#include <mach/mach_types.h>
extern mach_port_t mig_get_reply_port(void);
extern void mig_dealloc_reply_port(mach_port_t);
extern void mig_put_reply_port(mach_port_t);
extern void mig_allocate(vm_address_t *, vm_size_t);
extern void mig_deallocate(vm_address_t, vm_size_t);
EOT
cat >"$tmp/libc/string.h" <<'EOT'
#include <stddef.h>
extern void *memcpy(void *, const void *, size_t);
extern void *memmove(void *, const void *, size_t);
extern void *memset(void *, int, size_t);
extern void *memchr(const void *, int, size_t);
extern size_t strnlen(const char *, size_t);
extern char *strncpy(char *, const char *, size_t);
EOT
printf '#include <stddef.h>\n' >"$tmp/st/sys/types.h"
text() { size "$@" | awk 'NR > 1 { t += $1 } END { print t }'; }
echo "generated code (text bytes at -O2, user + server stubs):"
for f in $top/tests/mig/good/hurdish.defs $dir/*.defs $inc/device/device.defs; do
	case $f in *_types.defs) continue ;; esac
	b=$(basename "$f" .defs)
	d=$(dirname "$f")
	rm -f "$tmp"/o* "$tmp"/g*
	(cd "$d" && MIGCOM=$MIGCOM "$top/mig/mig" -nostdinc -I"$inc" -I"$top/interfaces" \
		-n -user "$tmp/oU.c" -server "$tmp/oS.c" -header "$tmp/o.h" "$f") || continue
	(cd "$d" && env -u MIGCOM "$GNU_MIG" -D__x86_64__ -D__LP64__ -nostdinc -I"$inc" \
		-n -user "$tmp/gU.c" -server "$tmp/gS.c" -header "$tmp/g.h" "$f") || continue
	ours="-I$top/include"
	case $d in "$inc"/*) ours="-I$tmp/st -I$inc" ;; esac
	ok=1
	for s in U S; do
		$CC -O2 -w $std -I"$tmp/libc" $ours -I"$tmp" -I"$d" -c "$tmp/o$s.c" \
			-o "$tmp/o$s.o" 2>"$tmp/err" || { ok=; why="ours: $(head -1 "$tmp/err")"; }
		$CC -O2 -w $std -I"$tmp/libc" -I"$tmp/st" -I"$inc" -I"$tmp" -I"$d" -c "$tmp/g$s.c" \
			-o "$tmp/g$s.o" 2>/dev/null || { ok=; why="GNU MIG's output does not compile"; }
	done
	[ -n "$ok" ] || { echo "  $b: no figure ($why)"; continue; }
	o=$(text "$tmp/oU.o" "$tmp/oS.o")
	g=$(text "$tmp/gU.o" "$tmp/gS.o")
	echo "  $b: ours $o, GNU MIG $g ($(echo "scale=2; $o / $g" | bc)x)"
done

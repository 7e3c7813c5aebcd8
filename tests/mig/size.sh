#!/bin/sh
# size.sh: generated code size against GNU MIG's, one TAP line per
# interface (our Hurd-style hurdish.defs, then every GNU Mach interface):
# the text of the user and server stubs at -O2 (gcc, freestanding),
# ours against GNU MIG's.  GNU MIG's stubs compile against gnumach-dev;
# ours against include/ for our own interfaces, against gnumach-dev for
# GNU Mach's.  An interface fails when ours/GNU exceeds its ceiling in
# size-limits (the goal is 1.00 everywhere; a ceiling only ever goes
# down).  SIZE_REPORT=1 prints plain lines instead (make bench-mig).
: "${MIGCOM:?}" "${MIG_ORACLE_DIR:?}"
top=$(cd "$(dirname "$0")/../.." && pwd)
inc=$MIG_ORACLE_DIR/root/usr/include/x86_64-linux-gnu
dir=$inc/mach
GNU_MIG=$MIG_ORACLE_DIR/root/usr/bin/x86_64-gnu-mig
limits=$top/tests/mig/size-limits
if [ ! -x "$GNU_MIG" ] || [ ! -f "$dir/mach.defs" ]; then
	[ -n "$SIZE_REPORT" ] && { echo "GNU MIG not fetched: no size figures"; exit 0; }
	echo "1..1"
	if [ "$MIG_ORACLE" = no ]; then
		echo "ok 1 - code size against GNU MIG # SKIP disabled by --disable-mig-oracle"
		exit 0
	fi
	echo "not ok 1 - GNU MIG is missing ($MIG_ORACLE_DIR: tools/fetch-mig-oracle)"
	exit 1
fi
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
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
files="$top/tests/mig/good/hurdish.defs"
for f in "$dir"/*.defs "$inc/device/device.defs"; do
	case $f in *_types.defs) ;; *) files="$files $f" ;; esac
done
[ -n "$SIZE_REPORT" ] &&
	echo "generated code (text bytes at -O2, user + server stubs):" ||
	echo "1..$(echo $files | wc -w)"
n=0
for f in $files; do
	n=$((n + 1))
	b=$(basename "$f" .defs)
	d=$(dirname "$f")
	rm -f "$tmp"/o* "$tmp"/g*
	ok=1 why=
	(cd "$d" && MIGCOM=$MIGCOM "$top/mig/mig" -nostdinc -I"$inc" -I"$top/interfaces" \
		-n -user "$tmp/oU.c" -server "$tmp/oS.c" -header "$tmp/o.h" "$f") \
		2>"$tmp/err" || { ok=; why="ours: $(head -1 "$tmp/err")"; }
	(cd "$d" && env -u MIGCOM "$GNU_MIG" -D__x86_64__ -D__LP64__ -nostdinc -I"$inc" \
		-n -user "$tmp/gU.c" -server "$tmp/gS.c" -header "$tmp/g.h" "$f") \
		>/dev/null 2>&1 || { ok=; why="GNU MIG rejects it"; }
	ours="-I$top/include"
	case $d in "$inc"/*) ours="-I$tmp/st -I$inc" ;; esac
	for s in U S; do
		[ -n "$ok" ] || break
		$CC -O2 -w $std -I"$tmp/libc" $ours -I"$tmp" -I"$d" -c "$tmp/o$s.c" \
			-o "$tmp/o$s.o" 2>"$tmp/err" || { ok=; why="ours: $(head -1 "$tmp/err")"; }
		$CC -O2 -w $std -I"$tmp/libc" -I"$tmp/st" -I"$inc" -I"$tmp" -I"$d" -c "$tmp/g$s.c" \
			-o "$tmp/g$s.o" 2>/dev/null || { ok=; gnu_bad=1; why="GNU MIG's output does not compile"; }
	done
	if [ -z "$ok" ]; then
		if [ -n "$SIZE_REPORT" ]; then
			echo "  $b: no figure ($why)"
		elif [ "$why" = "GNU MIG's output does not compile" ]; then
			echo "ok $n - $b # SKIP $why"
		else
			echo "not ok $n - $b: $why"
		fi
		continue
	fi
	o=$(text "$tmp/oU.o" "$tmp/oS.o")
	g=$(text "$tmp/gU.o" "$tmp/gS.o")
	r=$(echo "scale=2; $o / $g" | bc)
	if [ -n "$SIZE_REPORT" ]; then
		echo "  $b: ours $o, GNU MIG $g (${r}x)"
		continue
	fi
	lim=$(awk -v b="$b" '$1 == b { print $2 }' "$limits")
	[ -n "$lim" ] || lim=1.00
	# ours <= lim * GNU, in integers (hundredths)
	l100=$(echo "$lim * 100 / 1" | bc)
	if [ $((o * 100)) -le $((g * l100)) ]; then
		echo "ok $n - $b: ours $o, GNU MIG $g (${r}x, ceiling $lim)"
	else
		echo "not ok $n - $b: ours $o, GNU MIG $g (${r}x > ceiling $lim)"
	fi
done

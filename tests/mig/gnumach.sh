#!/bin/sh
# gnumach.sh: every interface of GNU Mach (Debian's gnumach-dev) compiles
# with our mig, and the generated C compiles with -Wall -Wextra -Werror
# (gcc, and clang when found) against GNU Mach's own headers, used here
# deliberately, with a stand-in for the Hurd libc's mach/mig_support.h.
#
# Known: mach_host.defs (time_value_t) and mach_debug.defs
# (vm_region_info_t, vm_object_info_t) disagree with their C headers in
# that snapshot; the stubs' static assertions catch it, so those two are
# expected to fail exactly there (GNU MIG's own output does not compile
# either).
: "${top_srcdir:?}" "${MIG:?}" "${MIGCOM:?}" "${CC:=cc}"
export MIGCOM
dir=/usr/include/x86_64-linux-gnu
t=tests/mig/gnumach.tmp
rm -rf "$t" && mkdir -p "$t/standin/mach"
if [ ! -f "$dir/mach/mach.defs" ]; then
	echo "1..1"
	if [ "$MIG_ORACLE" = no ]; then
		echo "ok 1 - GNU Mach .defs # SKIP disabled by --disable-mig-oracle"
		exit 0
	fi
	echo "not ok 1 - GNU Mach's .defs are missing (Debian package gnumach-dev)"
	exit 1
fi
cat >"$t/standin/mach/mig_support.h" <<'EOT'
#include <mach/message.h>
#include <mach/port.h>
extern mach_port_t mig_get_reply_port(void);
extern void mig_dealloc_reply_port(mach_port_t);
extern void mig_put_reply_port(mach_port_t);
extern void mig_allocate(vm_address_t *, vm_size_t);
EOT
files=$(find "$dir/mach" "$dir/device" "$dir/mach_debug" -name '*.defs' |
	grep -v -e '_types\.defs$' | LC_ALL=C sort)
set -- $files
echo "1..$(($# * 2))"
n=0
fails=0
for f in $files; do
	b=$(basename "$f" .defs)
	n=$((n + 1))
	if "$MIG" -user "$t/${b}User.c" -server "$t/${b}Server.c" -header "$t/$b.h" \
		-sheader "$t/${b}Server.h" "$f" >"$t/$b.mig.log" 2>&1; then
		echo "ok $n - mig $b.defs"
	else
		echo "not ok $n - mig $b.defs"; sed 's/^/# /' "$t/$b.mig.log" | head -10
		fails=$((fails + 1))
	fi
	n=$((n + 1))
	r=0
	for c in "$t/${b}User.c" "$t/${b}Server.c"; do
		for cc in "$CC" $CLANG; do
			$cc -std=gnu11 -Wall -Wextra -Werror -D__x86_64__ -I"$t/standin" \
				-I"$t" -c -o /dev/null "$c" >"$c.log" 2>&1 || r=1
		done
	done
	case $b in
	mach_host|mach_debug)
		if [ $r -ne 0 ] && grep -qE 'static.assert' "$t/${b}User.c.log" &&
		    ! grep -vE 'static.assert' "$t/${b}User.c.log" | grep -q 'error:'; then
			echo "ok $n - cc ${b}User.c/${b}Server.c # SKIP its .defs and gnumach-dev's C header disagree (caught by the stubs' static assertions)"
			continue
		fi ;;
	esac
	if [ $r -eq 0 ]; then
		echo "ok $n - cc ${b}User.c ${b}Server.c (gcc${CLANG:+, clang}; -Werror)"
	else
		echo "not ok $n - cc ${b}User.c ${b}Server.c"
		cat "$t/${b}User.c.log" "$t/${b}Server.c.log" | grep error | head -5 | sed 's/^/# /'
		fails=$((fails + 1))
	fi
done
[ $fails -eq 0 ] || exit 1
rm -rf "$t"

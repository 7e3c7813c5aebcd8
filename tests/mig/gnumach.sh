#!/bin/sh
# gnumach.sh: every interface of GNU Mach (Debian 13's gnumach-dev, as
# tools/fetch-mig-oracle unpacked it in MIG_ORACLE_DIR) compiles with our
# mig, and the generated C compiles with -Wall -Wextra -Werror (gcc, and
# clang when found) against GNU Mach's own headers, used here
# deliberately and with no system include path (freestanding), with
# stand-ins for the Hurd libc's mach/mig_support.h and for <sys/types.h>
# and <string.h>.
: "${top_srcdir:?}" "${MIG:?}" "${MIGCOM:?}" "${CC:=cc}" "${MIG_ORACLE_DIR:?}"
export MIGCOM
dir=$MIG_ORACLE_DIR/root/usr/include/x86_64-linux-gnu
t=tests/mig/gnumach.tmp
rm -rf "$t" && mkdir -p "$t/standin/mach" "$t/standin/sys"
if [ ! -f "$dir/mach/mach.defs" ]; then
	echo "1..1"
	if [ "$MIG_ORACLE" = no ]; then
		echo "ok 1 - GNU Mach .defs # SKIP disabled by --disable-mig-oracle"
		exit 0
	fi
	echo "not ok 1 - GNU Mach's .defs are missing (gnumach-dev in $MIG_ORACLE_DIR: tools/fetch-mig-oracle)"
	exit 1
fi
cat >"$t/standin/mach/mig_support.h" <<'EOT'
#include <mach/message.h>
#include <mach/port.h>
extern mach_port_t mig_get_reply_port(void);
extern void mig_dealloc_reply_port(mach_port_t);
extern void mig_put_reply_port(mach_port_t);
extern void mig_allocate(vm_address_t *, vm_size_t);
extern void mig_deallocate(vm_address_t, vm_size_t);
EOT
printf '#include <stddef.h>\n' >"$t/standin/sys/types.h"
cat >"$t/standin/string.h" <<'EOT'
#include <stddef.h>
extern void *memcpy(void *, const void *, size_t);
extern void *memmove(void *, const void *, size_t);
extern void *memset(void *, int, size_t);
extern void *memchr(const void *, int, size_t);
extern size_t strnlen(const char *, size_t);
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
	if "$MIG" -nostdinc -I"$dir" -user "$t/${b}User.c" -server "$t/${b}Server.c" -header "$t/$b.h" \
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
			$cc -std=gnu11 -Wall -Wextra -Werror -ffreestanding -nostdinc \
				-isystem "$($cc -print-file-name=include)" \
				-D__x86_64__ -D__LP64__ -I"$t/standin" -I"$t" -I"$dir" \
				-c -o /dev/null "$c" >"$c.log" 2>&1 || r=1
		done
	done
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

#!/bin/sh
# oracle.sh: run oracle.py over GNU Mach's .defs (gnumach-dev), in TAP.
# Environment: top_srcdir, MIG, MIGCOM, PYTHON3, MIG_ORACLE (yes: a
# missing oracle is a failure, not a skip), MIG_ORACLE_DIR (where
# tools/fetch-mig-oracle unpacked Debian 13's GNU MIG and gnumach-dev).
: "${top_srcdir:?}" "${MIG:?}" "${MIGCOM:?}" "${MIG_ORACLE_DIR:?}"
GNU_MIG=$MIG_ORACLE_DIR/root/usr/bin/x86_64-gnu-mig
defs_dir=$MIG_ORACLE_DIR/root/usr/include/x86_64-linux-gnu
missing=
[ -x "$GNU_MIG" ] || missing="GNU MIG (mig-x86-64-gnu in $MIG_ORACLE_DIR)"
[ -f "$defs_dir/mach/mach.defs" ] || missing="$missing${missing:+, }GNU Mach's .defs (gnumach-dev in $MIG_ORACLE_DIR)"
[ -n "$PYTHON3" ] || missing="$missing${missing:+, }python3"
if [ -n "$missing" ]; then
	echo "1..1"
	if [ "$MIG_ORACLE" = no ]; then
		echo "ok 1 - layout oracle # SKIP disabled by --disable-mig-oracle"
		exit 0
	fi
	echo "not ok 1 - layout oracle: missing $missing (tools/fetch-mig-oracle fetches it; or configure --disable-mig-oracle)"
	exit 1
fi
# Interfaces, not type-only files (those have no subsystem).
files=$(find "$defs_dir/mach" "$defs_dir/device" "$defs_dir/mach_debug" -name '*.defs' |
	grep -v -e '_types\.defs$' | LC_ALL=C sort)
# Our own test interfaces too (they import our std_types.defs).
files="$files $top_srcdir/tests/mig/good/kinds.defs $top_srcdir/tests/mig/good/options.defs $top_srcdir/tests/mig/good/hurdish.defs $top_srcdir/tests/mig/roundtrip/rt.defs"
# Our interfaces/mach/mach_types.defs against GNU Mach's, through a user.
files="$files $top_srcdir/tests/mig/good/objects.defs@-I$top_srcdir/interfaces"
work=tests/mig/oracle.tmp
rm -rf "$work" && mkdir -p "$work"
"$PYTHON3" "$top_srcdir/tests/mig/oracle.py" "$MIG" "$MIGCOM" "$GNU_MIG" "$defs_dir" "$work" $files || exit 1
rm -rf "$work"

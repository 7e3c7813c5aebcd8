#!/bin/sh
# kobj-oracle.sh: our interfaces/mach/*.defs against GNU Mach's files of
# the same name (kobj_oracle.py), in TAP.  Environment as oracle.sh.
: "${top_srcdir:?}" "${MIG:?}" "${MIGCOM:?}" "${MIG_ORACLE_DIR:?}"
GNU_MIG=$MIG_ORACLE_DIR/root/usr/bin/x86_64-gnu-mig
defs_dir=$MIG_ORACLE_DIR/root/usr/include/x86_64-linux-gnu
if [ ! -x "$GNU_MIG" ] || [ ! -f "$defs_dir/mach/mach.defs" ] || [ -z "$PYTHON3" ]; then
	echo "1..1"
	if [ "$MIG_ORACLE" = no ]; then
		echo "ok 1 - interfaces/mach against GNU Mach # SKIP disabled by --disable-mig-oracle"
		exit 0
	fi
	echo "not ok 1 - interfaces/mach against GNU Mach: GNU MIG, gnumach-dev or python3 missing (tools/fetch-mig-oracle)"
	exit 1
fi
work=tests/mig/kobj-oracle.tmp
rm -rf "$work" && mkdir -p "$work"
"$PYTHON3" "$top_srcdir/tests/mig/kobj_oracle.py" "$MIG" "$MIGCOM" "$GNU_MIG" \
	"$defs_dir" "$work" "$top_srcdir/interfaces" \
	mach mach_port mach_host exc gnumach notify \
	memory_object memory_object_default task_notify || exit 1
rm -rf "$work"

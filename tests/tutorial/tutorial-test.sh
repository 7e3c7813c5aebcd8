#!/bin/sh
# tutorial-test.sh: run docs/tutorial.md.  Every ```sh block of it, in
# order, in one shell with set -e, from a scratch directory that stands
# for the top of the source tree (its build/ is this build tree) and a
# scratch $HOME; one TAP case per block.  A block that fails ends the
# run (the cases after it are reported not run).
#
# Usage: tutorial-test.sh SRCDIR BUILDDIR
set -u
srcdir=$1 builddir=$2
doc=$srcdir/docs/tutorial.md
scratch=$builddir/tests/tutorial/scratch
rm -rf "$scratch"
mkdir -p "$scratch/home"
ln -s "$builddir" "$scratch/build"
script=$scratch/tutorial.sh

# The blocks, each followed by its TAP line; a failure reports the
# block being run.
awk -v q="'" '
	/^```sh$/ { inblock = 1; n++; first = ""; print "current=" n; next }
	/^```/ && inblock {
		inblock = 0
		gsub(q, "", first)
		printf "echo %sok %d - tutorial block %d: %s%s\n", q, n, n, first, q
		next
	}
	inblock { if (first == "") first = $0; print }
	END { print "current=0"; printf "# blocks: %d\n", n }
' "$doc" > "$script.body"
blocks=$(sed -n 's/^# blocks: //p' "$script.body")
{
	echo 'set -e'
	echo 'current=0'
	echo 'trap '\''[ "$current" -eq 0 ] || echo "not ok $current - tutorial block $current failed"'\'' EXIT'
	cat "$script.body"
} > "$script"
rm -f "$script.body"

echo "1..$blocks"
[ "$blocks" -gt 0 ] || exit 1
# Only the installed SDK: nothing of the build's environment.
unset MIGCOM CPP PKG_CONFIG_PATH
cd "$scratch" && HOME=$scratch/home sh "$script" > "$scratch/log" 2>&1
status=$?
grep -E '^(ok|not ok) ' "$scratch/log"
[ $status -eq 0 ] || echo "# log: $scratch/log"
exit $status

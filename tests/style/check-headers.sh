#!/bin/sh
# check-headers.sh: compile every header on its own, so each one
# includes what it uses.  One TAP test per header.
#
# Usage: check-headers.sh < LIST
# LIST has one line per header: "kernel PATH" or "host PATH" (relative to
# $SRCDIR), compiled with $KERNEL_FLAGS or $HOST_FLAGS by $CC.
set -u
list=$(cat)
n=$(printf '%s\n' "$list" | grep -c .)
echo "1..$n"
i=0
failed=0
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
printf '%s\n' "$list" | while read -r kind header; do
	[ -n "$header" ] || continue
	i=$((i + 1))
	case $kind in
	kernel) flags=$KERNEL_FLAGS ;;
	*) flags=$HOST_FLAGS ;;
	esac
	# shellcheck disable=SC2086 # flags are meant to split
	if echo "#include \"$SRCDIR/$header\"" |
		$CC $flags -x c -fsyntax-only -Wno-unused-function - > "$tmp" 2>&1; then
		echo "ok $i - $header compiles alone ($kind)"
	else
		echo "not ok $i - $header compiles alone ($kind)"
		sed 's/^/# /' "$tmp"
		echo fail >> "$tmp.failed"
	fi
done
if [ -s "$tmp.failed" ]; then
	rm -f "$tmp.failed"
	exit 1
fi
rm -f "$tmp.failed"
exit 0

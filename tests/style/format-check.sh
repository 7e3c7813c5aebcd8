#!/bin/sh
# format-check.sh: every C source and header of the tree against
# .clang-format, one TAP test per file.
#
# Usage: format-check.sh SRCDIR [CLANG_FORMAT]
# Fix a file with: clang-format -i FILE
set -u
srcdir=$1
clang_format=${2:-clang-format}

if ! command -v "$clang_format" > /dev/null 2>&1; then
	echo "1..1"
	echo "not ok 1 - clang-format not found: install the Debian package 'clang-format'"
	exit 1
fi

# Our own C only: bison and flex output (if built in the source tree)
# is not formatted.  (The compiler tests' expected outputs are .golden.)
files=$(cd "$srcdir" && find kernel mig include libmach servers examples tests \
	-name '*.[ch]' ! -name 'parser.[ch]' ! -name 'lexer.[ch]' \
	! -path '*/build*' 2>/dev/null | LC_ALL=C sort)

n=0
for f in $files; do n=$((n + 1)); done
echo "1..$n"
i=0
failed=0
for f in $files; do
	i=$((i + 1))
	if "$clang_format" --dry-run --Werror "$srcdir/$f" > /dev/null 2>&1; then
		echo "ok $i - format $f"
	else
		echo "not ok $i - format $f (clang-format -i $f)"
		failed=1
	fi
done
exit $failed

#!/bin/sh
# sdk-test.sh: the SDK as a user has it.  Install the tree into a
# temporary prefix, check mig.1 against mig --help, copy examples/hello
# out of the source tree, build it with the installed SDK alone
# (pkg-config's mach.pc, mach-gcc, the installed mig), build a copy of
# examples/kvstore the same way, make an image
# with mach-mkimage, and boot it (the hello RPC must work).  TAP.
#
# Usage: sdk-test.sh SRCDIR BUILDDIR BOOT_TEST [EXPECT-TEXT-OPTION]...
set -u
srcdir=$1 builddir=$2 boot_test=$3
shift 3
top=$builddir/tests/sdk
prefix=$top/prefix
work=$top/work
log=$top/steps.log
rm -rf "$prefix" "$work" "$top/kvstore"
mkdir -p "$top"
: > "$log"
echo "1..7"

n=0
# step WHAT COMMAND...: one test case, its output kept in the log.
step() {
	what=$1
	shift
	n=$((n + 1))
	echo "== $what" >> "$log"
	if "$@" >> "$log" 2>&1; then
		echo "ok $n - $what"
		return 0
	fi
	echo "not ok $n - $what (log: $log)"
	return 1
}
skip_rest() {
	while [ $n -lt 7 ]; do
		n=$((n + 1))
		echo "not ok $n - not run: an earlier step failed"
	done
	exit 1
}

# Nothing of the build or source tree on the way: only the prefix.
unset MIGCOM CPP
PATH=$prefix/bin:$PATH
PKG_CONFIG_PATH=$prefix/lib/pkgconfig
export PATH PKG_CONFIG_PATH

step "make install prefix=$prefix" \
	make -C "$builddir" install prefix="$prefix" || skip_rest

# Every option of mig --help and migcom --help is in the manual page.
man_has_options() {
	man=$prefix/share/man/man1/mig.1
	test -f "$man" || { echo "no $man"; return 1; }
	opts=$( { mig --help; migcom --help; } |
		grep -oE '(^|[ ,])-{1,2}[a-zA-Z][a-zA-Z]*' |
		sed 's/^[ ,]*//' | sort -u)
	[ -n "$opts" ] || return 1
	missing=0
	for o in $opts; do
		esc=$(printf '%s' "$o" | sed 's/-/\\\\-/g')
		grep -q -- "$esc" "$man" && continue
		echo "mig.1 does not document $o"
		missing=1
	done
	return $missing
}
step "mig.1 documents every option of mig --help" man_has_options ||
	skip_rest

cp -R "$srcdir/examples/hello" "$work" && chmod -R u+w "$work" || skip_rest
# pkg-config alone: the example's client compiled and linked by hand.
by_pkg_config() {
	cd "$work" &&
	mig $(pkg-config --variable=migflags mach) -user helloUser.c \
		-header hello.h -server /dev/null -sheader /dev/null \
		hello.defs &&
	$(pkg-config --variable=cc mach) $(pkg-config --cflags mach) \
		-O2 -o hello_client.pc hello_client.c helloUser.c \
		$(pkg-config --libs mach) &&
	test -x hello_client.pc && rm -f hello_client.pc helloUser.c hello.h
}
step "pkg-config mach builds the client" by_pkg_config || skip_rest
step "make (mig, mach-gcc) in a copy of examples/hello" \
	make -C "$work" || skip_rest
cp -R "$srcdir/examples/kvstore" "$work/../kvstore" &&
	chmod -R u+w "$work/../kvstore" || skip_rest
step "make in a copy of examples/kvstore (the installed notify.defs)" \
	make -C "$work/../kvstore" || skip_rest
step "mach-mkimage makes hello.iso" \
	make -C "$work" hello.iso HELLO_WHO=make-check \
	IMAGE_FLAGS='-p -c "test=boot_servers servers.wait=hello_client"' ||
	skip_rest

# The boot: its own TAP, its plan dropped (ours counts it).
"$boot_test" "$@" "$work/hello.iso" "$builddir/tests/logs/sdk/hello.serial" |
	grep -v '^1\.\.'

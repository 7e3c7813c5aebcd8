#!/bin/sh
# fuzz.sh: libFuzzer over the compiler (half of MIG_FUZZ_SECONDS, seeded
# with the good and bad .defs), over generated server stubs (a quarter,
# seeded with the requests generated user stubs build) and over
# generated user stubs meeting hostile replies (a quarter); TAP.
# A crash, a sanitizer report or a leak fails; the reproducer stays in
# tests/mig/fuzz.tmp.
: "${top_srcdir:?}" "${MIG_FUZZ_SECONDS:=60}"
t=tests/mig/fuzz.tmp
rm -rf "$t" && mkdir -p "$t/corpus" "$t/stubs" "$t/replies"
cp "$top_srcdir"/tests/mig/good/*.defs "$top_srcdir"/tests/mig/bad/*.defs "$t/corpus/"
./tests/mig/fuzz_seeds "$t/stubs" || exit 1
s1=$((MIG_FUZZ_SECONDS / 2))
s2=$((MIG_FUZZ_SECONDS / 4))
[ $s1 -gt 0 ] || s1=1
[ $s2 -gt 0 ] || s2=1
echo "1..3"
fails=0
run() {
	# run NAME SECONDS FUZZER CORPUS LOG
	if (cd "$t" && "../$3" -max_total_time="$2" -max_len=4096 \
		-print_final_stats=1 "$4") >"$5" 2>&1; then
		grep -E "stat::number_of_executed_units" "$5" | sed 's/^/# /'
		echo "ok $6 - fuzzing $1 for ${2}s found no crash"
	else
		tail -30 "$5" | sed 's/^/# /'
		echo "not ok $6 - fuzzing $1 crashed ($5, $t)"
		fails=$((fails + 1))
	fi
}
run migcom "$s1" fuzz_migcom corpus tests/mig/fuzz.log 1
run "server stubs" "$s2" fuzz_stubs stubs tests/mig/fuzz-stubs.log 2
run "user stubs" "$s2" fuzz_replies replies tests/mig/fuzz-replies.log 3
[ $fails -eq 0 ] || exit 1
rm -rf "$t"

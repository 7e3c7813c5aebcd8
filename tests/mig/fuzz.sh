#!/bin/sh
# fuzz.sh: run the libFuzzer target over migcom for MIG_FUZZ_SECONDS,
# seeded with the good and bad .defs; TAP.  A crash, a sanitizer report
# or a leak fails, and the reproducer stays in tests/mig/fuzz.tmp.
: "${top_srcdir:?}" "${MIG_FUZZ_SECONDS:=60}"
t=tests/mig/fuzz.tmp
rm -rf "$t" && mkdir -p "$t/corpus"
cp "$top_srcdir"/tests/mig/good/*.defs "$top_srcdir"/tests/mig/bad/*.defs "$t/corpus/"
echo "1..1"
if (cd "$t" && ../fuzz_migcom -max_total_time="$MIG_FUZZ_SECONDS" -max_len=4096 \
	-print_final_stats=1 corpus) >tests/mig/fuzz.log 2>&1; then
	grep -E "stat::number_of_executed_units" tests/mig/fuzz.log | sed 's/^/# /'
	echo "ok 1 - fuzzing migcom for ${MIG_FUZZ_SECONDS}s found no crash"
	rm -rf "$t"
else
	tail -30 tests/mig/fuzz.log | sed 's/^/# /'
	echo "not ok 1 - fuzzing migcom crashed (tests/mig/fuzz.log, $t)"
	exit 1
fi

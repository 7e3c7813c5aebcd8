/*
 * emul_bench.c: `emulbench N' makes N getpid calls, each a `syscall'
 * redirected to libmach's emulation and back: the redirected system
 * call's round trip (the benchmark emul_getpid_round_trip,
 * tests/bench/bench_user.c).  A plain musl program linked with
 * libmach.
 */

#include <stdlib.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	if (argc != 2)
		return 2;
	long n = atol(argv[1]);
	long sum = 0;
	for (long i = 0; i < n; i++)
		sum += getpid();
	return sum == n ? 0 : 1;
}

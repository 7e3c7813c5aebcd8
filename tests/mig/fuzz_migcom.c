/*
 * fuzz_migcom.c: libFuzzer target for the whole compiler (every stage,
 * nothing written).  Any crash, sanitizer report or leak is a bug: mig
 * must answer every input with output or diagnostics.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "migcom.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct migcom_options o;
	FILE *sink = fopen("/dev/null", "w");

	if (sink == NULL)
		return 0;
	migcom_options_init(&o);
	o.sheader = "s.h";
	o.list = "l";
	o.layout = "lay";
	migcom_run(&o, (const char *)data, size, sink, false);
	fclose(sink);
	return 0;
}

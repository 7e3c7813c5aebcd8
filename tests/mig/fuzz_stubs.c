/*
 * fuzz_stubs.c: libFuzzer target for generated server stubs: any bytes,
 * as a request to roundtrip/rt.defs's demux, must be answered (success
 * or a MIG error) without undefined behaviour.  The implementations are
 * trivial and trust what the stub validated.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <mach/message.h>
#include <mach/mig_errors.h>

#include "rt.h"
#include "rtServer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An out-of-line address here is whatever the input said: keep it. */
void
mig_deallocate(vm_address_t addr, vm_size_t size)
{
	(void)addr;
	(void)size;
}

kern_return_t
s_scalars(mach_port_t server, int a, int64_t b, short c, char d, boolean_t e,
	  int *f, int64_t *g)
{
	(void)server;
	(void)e;
	*f = (int)((unsigned)a + (unsigned)c + (unsigned)d);
	*g = (int64_t)((uint64_t)*g + (uint64_t)b);
	return KERN_SUCCESS;
}

kern_return_t
s_oneway(mach_port_t server, int v)
{
	(void)server;
	(void)v;
	return KERN_SUCCESS;
}

kern_return_t
s_arrays(mach_port_t server, const words a, mach_msg_type_number_t aCnt,
	 const quad b, words c, mach_msg_type_number_t *cCnt, quad d)
{
	(void)server;
	memcpy(c, a, aCnt * sizeof a[0]);
	*cCnt = aCnt;
	for (int i = 0; i < 4; i++)
		d[i] = (int)((unsigned)d[i] + (unsigned)b[i]);
	return KERN_SUCCESS;
}

kern_return_t
s_structs(mach_port_t server, triple a, pair b, triple *c, pair *d)
{
	(void)server;
	*c = a;
	*d = b;
	return KERN_SUCCESS;
}

kern_return_t
s_strings(mach_port_t server, const_name_t a, const_fixname_t b, name_t c,
	  fixname_t d)
{
	(void)server;
	/* the stub guarantees a NUL within each buffer */
	memcpy(c, a, strlen(a) + 1);
	memcpy(d, b, strlen(b) + 1);
	return KERN_SUCCESS;
}

kern_return_t
s_ports(mach_port_t server, mach_port_t a, mach_port_t b, mach_port_t c,
	mach_port_t p, mach_msg_type_name_t pPoly, mach_port_t *d,
	mach_port_t *e, mach_msg_type_name_t *ePoly)
{
	(void)server;
	(void)b;
	(void)c;
	*d = a;
	*e = p;
	*ePoly =
		MACH_MSG_TYPE_PORT_ANY(pPoly) ? MACH_MSG_TYPE_MOVE_SEND : pPoly;
	return KERN_SUCCESS;
}

kern_return_t
s_ool(mach_port_t server, data_t a, mach_msg_type_number_t aCnt, data_t b,
      mach_msg_type_number_t bCnt, data_t c, mach_msg_type_number_t cCnt,
      data_t *d, mach_msg_type_number_t *dCnt, data_t *e,
      mach_msg_type_number_t *eCnt)
{
	static char none[1];

	/* Out-of-line addresses are the kernel's to check: never touched
	 * here, as the fuzzer makes them up. */
	(void)server;
	(void)a;
	(void)aCnt;
	(void)b;
	(void)bCnt;
	(void)c;
	(void)cCnt;
	*d = none;
	*dCnt = 0;
	*e = none;
	*eCnt = 0;
	return KERN_SUCCESS;
}

kern_return_t
s_unbounded(mach_port_t server, const_ints a, mach_msg_type_number_t aCnt,
	    boolean_t aSCopy, ints *b, mach_msg_type_number_t *bCnt, ints *c,
	    mach_msg_type_number_t *cCnt)
{
	(void)server;
	if (aSCopy && aCnt <= *bCnt) {
		memcpy(*b, a, aCnt * sizeof a[0]);
		*bCnt = aCnt;
	} else {
		*bCnt = 0;
	}
	for (unsigned i = 0; i < *cCnt; i++)
		(*c)[i] = 1;
	return KERN_SUCCESS;
}

kern_return_t
s_port_arrays(mach_port_t server, const_names_t a, mach_msg_type_number_t aCnt,
	      const names4_t b, mach_msg_type_number_t bCnt, names_t *d,
	      mach_msg_type_number_t *dCnt, names4_t e,
	      mach_msg_type_number_t *eCnt)
{
	(void)server;
	if (aCnt <= *dCnt) {
		memcpy(*d, a, aCnt * sizeof a[0]);
		*dCnt = aCnt;
	} else {
		*dCnt = 0;
	}
	memcpy(e, b, bCnt * sizeof b[0]);
	*eCnt = bCnt;
	return KERN_SUCCESS;
}

kern_return_t
s_io_like(mach_port_t server, const_bytes_t a, mach_msg_type_number_t aCnt,
	  bytes_t *b, mach_msg_type_number_t *bCnt)
{
	(void)server;
	if (aCnt > *bCnt)
		aCnt = *bCnt;
	memcpy(*b, a, aCnt);
	*bCnt = aCnt;
	return KERN_SUCCESS;
}

kern_return_t
s_fixed_ports(mach_port_t server, const names3_t c, names3_t f)
{
	(void)server;
	memcpy(f, c, sizeof(names3_t));
	return KERN_SUCCESS;
}

kern_return_t
s_port_only(mach_port_t server, mach_port_t *d)
{
	*d = server;
	return KERN_SUCCESS;
}

kern_return_t
s_special(mach_port_t server, mach_port_seqno_t seq, mach_port_t reply, int *s,
	  int *r)
{
	(void)server;
	*s = (int)seq;
	*r = (int)reply;
	return KERN_SUCCESS;
}

counter_t
counter_in(int value)
{
	counter_t c = malloc(sizeof *c);
	if (c != NULL)
		c->value = value;
	return c;
}

int
counter_out(counter_t c)
{
	int v = c != NULL ? c->value : 0;
	free(c);
	return v;
}

void
counter_free(counter_t c)
{
	free(c);
}

kern_return_t
s_translated(mach_port_t server, counter_t a, counter_t *b)
{
	(void)server;
	*b = counter_in(a != NULL ? a->value : 0);
	return KERN_SUCCESS;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static _Alignas(8) char in[rt_MAX_REQUEST_SIZE + 64];
	static _Alignas(8) char out[rt_MAX_REPLY_SIZE];
	mach_msg_header_t *h = (mach_msg_header_t *)in;

	if (size < sizeof *h || size > sizeof in)
		return 0;
	memcpy(in, data, size);
	/* The kernel guarantees msgh_size is what arrived. */
	h->msgh_size = (mach_msg_size_t)size;
	/* Keep ids mostly ours so the fuzzer reaches the stubs. */
	if ((uint32_t)h->msgh_id - 7000u >= 12u)
		h->msgh_id = 7000 + (int)((uint32_t)h->msgh_id % 12u);
	rt_server(h, (mach_msg_header_t *)out);
	return 0;
}

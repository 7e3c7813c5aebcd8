/*
 * mach/message.h: typed Mach messages, in GNU Mach's layout.
 *
 * A message is a header followed by items; each item is a type
 * descriptor (mach_msg_type_t, or mach_msg_type_long_t when
 * msgt_longform is set) and its data, inline (padded to 4 bytes) or an
 * out-of-line address.  On x86_64 the header is 32 bytes: the local
 * port shares a union with an unsigned long protected payload.
 */
#ifndef _MACH_MESSAGE_H_
#define _MACH_MESSAGE_H_

#include <mach/kern_return.h>
#include <mach/port.h>

typedef natural_t mach_msg_timeout_t;
#define MACH_MSG_TIMEOUT_NONE ((mach_msg_timeout_t)0)

typedef unsigned int mach_msg_bits_t;
typedef unsigned int mach_msg_size_t;
typedef natural_t mach_msg_seqno_t;
typedef integer_t mach_msg_id_t;

#define MACH_MSGH_BITS_ZERO        0x00000000
#define MACH_MSGH_BITS_REMOTE_MASK 0x000000ff
#define MACH_MSGH_BITS_LOCAL_MASK  0x0000ff00
#define MACH_MSGH_BITS_COMPLEX     0x80000000U
#define MACH_MSGH_BITS_PORTS_MASK                                              \
	(MACH_MSGH_BITS_REMOTE_MASK | MACH_MSGH_BITS_LOCAL_MASK)
#define MACH_MSGH_BITS(remote, local) ((remote) | ((local) << 8))
#define MACH_MSGH_BITS_REMOTE(bits)   ((bits)&MACH_MSGH_BITS_REMOTE_MASK)
#define MACH_MSGH_BITS_LOCAL(bits)    (((bits)&MACH_MSGH_BITS_LOCAL_MASK) >> 8)
#define MACH_MSGH_BITS_PORTS(bits)    ((bits)&MACH_MSGH_BITS_PORTS_MASK)
#define MACH_MSGH_BITS_OTHER(bits)    ((bits) & ~MACH_MSGH_BITS_PORTS_MASK)

typedef struct mach_msg_header {
	mach_msg_bits_t msgh_bits;
	mach_msg_size_t msgh_size;
	mach_port_t msgh_remote_port;
	union {
		mach_port_t msgh_local_port;
		unsigned long msgh_protected_payload;
	};
	mach_port_seqno_t msgh_seqno;
	mach_msg_id_t msgh_id;
} mach_msg_header_t;

#define MACH_MSG_SIZE_MAX ((mach_msg_size_t)~0)

typedef unsigned int mach_msg_type_name_t;
typedef unsigned int mach_msg_type_size_t;
typedef natural_t mach_msg_type_number_t;

typedef struct {
	unsigned int msgt_name : 8, msgt_size : 8, msgt_number : 12,
		msgt_inline : 1, msgt_longform : 1, msgt_deallocate : 1,
		msgt_unused : 1;
} mach_msg_type_t;

typedef struct {
	mach_msg_type_t msgtl_header;
	unsigned short msgtl_name;
	unsigned short msgtl_size;
	natural_t msgtl_number;
} mach_msg_type_long_t;

#define MACH_MSG_TYPE_UNSTRUCTURED      0
#define MACH_MSG_TYPE_BIT               0
#define MACH_MSG_TYPE_BOOLEAN           0
#define MACH_MSG_TYPE_INTEGER_16        1
#define MACH_MSG_TYPE_INTEGER_32        2
#define MACH_MSG_TYPE_CHAR              8
#define MACH_MSG_TYPE_BYTE              9
#define MACH_MSG_TYPE_INTEGER_8         9
#define MACH_MSG_TYPE_REAL              10
#define MACH_MSG_TYPE_INTEGER_64        11
#define MACH_MSG_TYPE_STRING            12
#define MACH_MSG_TYPE_STRING_C          12
#define MACH_MSG_TYPE_PORT_NAME         15
#define MACH_MSG_TYPE_MOVE_RECEIVE      16
#define MACH_MSG_TYPE_MOVE_SEND         17
#define MACH_MSG_TYPE_MOVE_SEND_ONCE    18
#define MACH_MSG_TYPE_COPY_SEND         19
#define MACH_MSG_TYPE_MAKE_SEND         20
#define MACH_MSG_TYPE_MAKE_SEND_ONCE    21
#define MACH_MSG_TYPE_PORT_RECEIVE      MACH_MSG_TYPE_MOVE_RECEIVE
#define MACH_MSG_TYPE_PORT_SEND         MACH_MSG_TYPE_MOVE_SEND
#define MACH_MSG_TYPE_PORT_SEND_ONCE    MACH_MSG_TYPE_MOVE_SEND_ONCE
#define MACH_MSG_TYPE_PROTECTED_PAYLOAD 23
#define MACH_MSG_TYPE_LAST              23
#define MACH_MSG_TYPE_POLYMORPHIC       ((mach_msg_type_name_t)-1)

#define MACH_MSG_TYPE_PORT_ANY(x)                                              \
	(((x) >= MACH_MSG_TYPE_MOVE_RECEIVE) &&                                \
	 ((x) <= MACH_MSG_TYPE_MAKE_SEND_ONCE))
#define MACH_MSG_TYPE_PORT_ANY_SEND(x)                                         \
	(((x) >= MACH_MSG_TYPE_MOVE_SEND) &&                                   \
	 ((x) <= MACH_MSG_TYPE_MAKE_SEND_ONCE))
#define MACH_MSG_TYPE_PORT_ANY_RIGHT(x)                                        \
	(((x) >= MACH_MSG_TYPE_MOVE_RECEIVE) &&                                \
	 ((x) <= MACH_MSG_TYPE_MOVE_SEND_ONCE))

typedef integer_t mach_msg_option_t;
#define MACH_MSG_OPTION_NONE 0x00000000
#define MACH_SEND_MSG        0x00000001
#define MACH_RCV_MSG         0x00000002
#define MACH_SEND_TIMEOUT    0x00000010
#define MACH_SEND_NOTIFY     0x00000020
#define MACH_SEND_INTERRUPT  0x00000040
#define MACH_SEND_CANCEL     0x00000080
#define MACH_RCV_TIMEOUT     0x00000100
#define MACH_RCV_NOTIFY      0x00000200
#define MACH_RCV_INTERRUPT   0x00000400
#define MACH_RCV_LARGE       0x00000800

typedef kern_return_t mach_msg_return_t;
#define MACH_MSG_SUCCESS         0x00000000
#define MACH_SEND_INVALID_DATA   0x10000002
#define MACH_SEND_INVALID_DEST   0x10000003
#define MACH_SEND_TIMED_OUT      0x10000004
#define MACH_SEND_INTERRUPTED    0x10000007
#define MACH_SEND_MSG_TOO_SMALL  0x10000008
#define MACH_SEND_INVALID_REPLY  0x10000009
#define MACH_SEND_INVALID_RIGHT  0x1000000a
#define MACH_SEND_INVALID_MEMORY 0x1000000c
#define MACH_SEND_INVALID_TYPE   0x1000000f
#define MACH_SEND_INVALID_HEADER 0x10000010
#define MACH_RCV_INVALID_NAME    0x10004002
#define MACH_RCV_TIMED_OUT       0x10004003
#define MACH_RCV_TOO_LARGE       0x10004004
#define MACH_RCV_INTERRUPTED     0x10004005
#define MACH_RCV_PORT_CHANGED    0x10004006
#define MACH_RCV_INVALID_DATA    0x10004008
#define MACH_RCV_PORT_DIED       0x10004009
#define MACH_RCV_HEADER_ERROR    0x1000400b
#define MACH_RCV_BODY_ERROR      0x1000400c

extern mach_msg_return_t
mach_msg(mach_msg_header_t *msg, mach_msg_option_t option,
	 mach_msg_size_t send_size, mach_msg_size_t rcv_size,
	 mach_port_t rcv_name, mach_msg_timeout_t timeout, mach_port_t notify);

#endif

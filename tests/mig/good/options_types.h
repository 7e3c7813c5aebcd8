/* C types behind options.defs, and the runtime its stubs call under
 * -subrprefix s_ (as glibc's -subrprefix __ makes them call __mach_msg). */
#ifndef OPTIONS_TYPES_H
#define OPTIONS_TYPES_H
#include <mach/std_types.h>
mach_msg_return_t s_mach_msg(mach_msg_header_t *msg, mach_msg_option_t option,
			     mach_msg_size_t send_size,
			     mach_msg_size_t rcv_size, mach_port_t rcv_name,
			     mach_msg_timeout_t timeout, mach_port_t notify);
mach_port_t s_mig_get_reply_port(void);
void s_mig_dealloc_reply_port(mach_port_t port);
void s_mig_put_reply_port(mach_port_t port);
#endif

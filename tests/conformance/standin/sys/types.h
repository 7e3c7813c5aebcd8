/* sys/types.h: all that GNU Mach's headers need of it. */
#include <stddef.h>

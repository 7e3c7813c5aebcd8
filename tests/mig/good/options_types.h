/* C types behind options.defs (none beyond the standard ones). */
#ifndef OPTIONS_TYPES_H
#define OPTIONS_TYPES_H
#include <mach/std_types.h>
#endif

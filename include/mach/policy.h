/*
 * mach/policy.h: scheduling policies (GNU Mach's values).
 */
#ifndef _MACH_POLICY_H_
#define _MACH_POLICY_H_

#define POLICY_TIMESHARE 1
#define POLICY_FIXEDPRI  2

#endif

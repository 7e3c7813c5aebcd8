#!/usr/bin/env python3
"""kobj_oracle.py: our interfaces/mach against GNU Mach's files.

Usage: kobj_oracle.py MIG MIGCOM GNU_MIG INCLUDE WORKDIR OURS_DIR NAME...

For each NAME (mach, mach_port, ...), OURS_DIR/mach/NAME.defs must
describe the same interface as GNU Mach's INCLUDE/mach/NAME.defs:
- our mig compiling ours (with our std_types and mach_types) gives every
  routine the msgh_id, Request and Reply layout GNU MIG gives GNU Mach's
  file (oracle.py's comparison, offsets from gcc where they compile);
- GNU MIG compiling ours against gnumach-dev gives the same routines,
  msgh_ids, C structures and type descriptors as GNU Mach's file.
Each as user space sees it, and in the kernel's views VIEWS gives it:
the kernel's server stubs (KERNEL_SERVER) for what the kernel serves,
its client stubs (KERNEL_USER) for what it sends; and with SEQNOS (the
servers that take sequence numbers) where the file has that variant.
One TAP case per routine and view.
"""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import oracle  # noqa: E402

# The kernel's views of each file besides user space's: KERNEL_SERVER
# where the kernel serves it (memory_object: the kernel's own pagers),
# KERNEL_USER where it sends its messages (mach: the memory_object_*
# control calls, as GNU Mach's file selects them).
KS, KU, SQ = 'KERNEL_SERVER', 'KERNEL_USER', 'SEQNOS'
VIEWS = {
    'mach': (KS, KU), 'mach_port': (KS,), 'mach_host': (KS,),
    'gnumach': (KS, KU), 'exc': (KS, KU), 'notify': (KU, SQ),
    'memory_object': (KS, KU, SQ), 'memory_object_default': (KU, SQ),
    'task_notify': (KS, KU),
}
# GNU Mach builds its notifications by hand, so its notify.defs has no
# KernelUser: the kernel's view of it is that file with KernelUser added
# to its subsystem statement (the kernel-form C types, same layout).
FORCE_KERNEL_USER = ('notify',)


def kernel_user_copy(defs, base, work):
    """A copy of DEFS in WORK whose subsystem is KernelUser."""
    text = open(defs).read()
    new = text.replace('subsystem %s ' % base, 'subsystem KernelUser %s ' % base, 1)
    if new == text:
        raise RuntimeError('%s: no "subsystem %s" statement' % (defs, base))
    out = os.path.join(work, base + '.defs')
    with open(out, 'w') as f:
        f.write(new)
    return out


def same_text(a, b):
    return ' '.join((a or '').split()) == ' '.join((b or '').split())


def gnu_vs_gnu(name, mine, ref):
    """GNU MIG's output for our file against its output for GNU Mach's."""
    errs = []
    m = mine.get(name)
    if m is None:
        return ['GNU MIG finds no such routine in ours']
    if m['id'] != ref['id']:
        errs.append('GNU MIG gives ours msgh_id %d, GNU Mach\'s %d' % (m['id'], ref['id']))
    if m['simple'] != ref['simple']:
        errs.append('routine/simpleroutine differ')
    for kind in ('request', 'reply'):
        if not same_text(m.get(kind), ref.get(kind)):
            errs.append('GNU MIG %s structure differs' % kind)
        if m.get(kind + '_desc') != ref.get(kind + '_desc'):
            errs.append('GNU MIG %s descriptors differ' % kind)
    return errs


def main():
    mig, migcom, gnu_mig, inc, work, ours_dir = sys.argv[1:7]
    names = sys.argv[7:]
    cases = []
    for variant, cppflags in (('', []), ('KERNEL_SERVER ', ['-DKERNEL_SERVER=1']),
                              ('KERNEL_USER ', ['-DKERNEL_USER=1']),
                              ('SEQNOS ', ['-DSEQNOS=1'])):
        for base in names:
            if variant and variant.strip() not in VIEWS[base]:
                continue
            ours_defs = os.path.join(ours_dir, 'mach', base + '.defs')
            gnu_defs = os.path.join(inc, 'mach', base + '.defs')
            w = os.path.join(work, variant.strip() or 'user', base)
            wg = os.path.join(w, 'gnu')
            wo = os.path.join(w, 'ours')
            os.makedirs(wg, exist_ok=True)
            os.makedirs(wo, exist_ok=True)
            if variant == KU + ' ' and base in FORCE_KERNEL_USER:
                gnu_defs = kernel_user_copy(gnu_defs, base, w)
            try:
                ref, offsets, why = oracle.gnu_side(gnu_mig, inc, gnu_defs, wg, cppflags)
                mine, _, _ = oracle.gnu_side(gnu_mig, inc, ours_defs, wo, cppflags)
            except subprocess.CalledProcessError as e:
                cases.append((False, '%s%s: GNU MIG failed: %s'
                              % (variant, base, e.stderr.decode()[:300])))
                continue
            try:
                ours = oracle.our_side(mig, migcom, inc, ours_defs, wo, cppflags,
                                       ['-I' + ours_dir])
            except subprocess.CalledProcessError as e:
                cases.append((False, '%s%s: our mig failed: %s'
                              % (variant, base, e.stderr.decode()[:300])))
                continue
            if offsets is None:
                print('# %s%s: offsets not compiled (%s); ids, fields and '
                      'descriptors only' % (variant, base, why))
            for name in sorted(ref, key=lambda n: ref[n]['id']):
                errs = oracle.compare(name, ref[name], ours, offsets)
                errs += gnu_vs_gnu(name, mine, ref[name])
                cases.append((not errs, '%s%s %s%s' % (
                    variant, base, name, ': ' + '; '.join(errs[:4]) if errs else '')))
            for name in sorted((set(ours) | set(mine)) - set(ref)):
                cases.append((False, '%s%s %s: not in GNU Mach\'s file' % (variant, base, name)))
    print('1..%d' % len(cases))
    bad = 0
    for i, (ok, text) in enumerate(cases, 1):
        print('%s %d - %s' % ('ok' if ok else 'not ok', i, text))
        bad += not ok
    print('# %d routines compared, %d mismatches' % (len(cases), bad))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())

#!/usr/bin/env python3
"""oracle.py: compare mig's message layouts with GNU MIG's.

Usage: oracle.py MIG MIGCOM GNU_MIG INCLUDE WORKDIR DEFS...

For every .defs, GNU MIG (Debian 13's x86_64-gnu-mig) and our mig both
compile it, with GNU Mach's .defs and headers from INCLUDE (gnumach-dev,
unpacked by tools/fetch-mig-oracle) and never the system's include path.  From GNU MIG's output we take every routine's msgh_id, its
Request structure (from the user stubs) and Reply structure (from the
server stubs), and the type descriptor each item is sent with; the field
offsets come from compiling those structures with gcc against GNU Mach's
headers.  Our side is mig's -layout dump.  Every routine is a TAP case:
same request and reply msgh_id, and for every item the same descriptor
(name, size, number unless varying, inline, long form, deallocate), the
same descriptor offset and the same data offset and size.
"""
import os
import re
import subprocess
import sys

MSGT = {
    'MACH_MSG_TYPE_UNSTRUCTURED': 0, 'MACH_MSG_TYPE_BIT': 0,
    'MACH_MSG_TYPE_BOOLEAN': 0, 'MACH_MSG_TYPE_INTEGER_16': 1,
    'MACH_MSG_TYPE_INTEGER_32': 2, 'MACH_MSG_TYPE_CHAR': 8,
    'MACH_MSG_TYPE_BYTE': 9, 'MACH_MSG_TYPE_INTEGER_8': 9,
    'MACH_MSG_TYPE_REAL': 10, 'MACH_MSG_TYPE_INTEGER_64': 11,
    'MACH_MSG_TYPE_STRING': 12, 'MACH_MSG_TYPE_STRING_C': 12,
    'MACH_MSG_TYPE_PORT_NAME': 15, 'MACH_MSG_TYPE_MOVE_RECEIVE': 16,
    'MACH_MSG_TYPE_MOVE_SEND': 17, 'MACH_MSG_TYPE_MOVE_SEND_ONCE': 18,
    'MACH_MSG_TYPE_COPY_SEND': 19, 'MACH_MSG_TYPE_MAKE_SEND': 20,
    'MACH_MSG_TYPE_MAKE_SEND_ONCE': 21, 'MACH_MSG_TYPE_PORT_RECEIVE': 16,
    'MACH_MSG_TYPE_PORT_SEND': 17, 'MACH_MSG_TYPE_PORT_SEND_ONCE': 18,
    'MACH_MSG_TYPE_PROTECTED_PAYLOAD': 23,
}


def value(text):
    text = text.strip().rstrip(',')
    text = re.sub(r'\((unsigned char|unsigned short)\)', '', text).strip()
    if text in ('TRUE',):
        return 1
    if text in ('FALSE',):
        return 0
    if text in MSGT:
        return MSGT[text]
    try:
        return int(text, 0)
    except ValueError:
        return None  # polymorphic or computed


def descriptors(body):
    """name -> dict of the descriptor constants declared in BODY
    (designated initializers; in the long form the name, size and number
    sit in the msgtl_header on LP64)."""
    out = {}
    for m in re.finditer(r'const mach_msg_type(_long)?_t (\w+)Type = \{(.*?)\n\t\};',
                         body, re.S):
        fields = dict((k, value(v)) for k, v in
                      re.findall(r'\.(msgtl?_\w+) =\s*([^\n]*)', m.group(3)))
        out[m.group(2)] = {'inline': fields.get('msgt_inline'),
                           'long': fields.get('msgt_longform'),
                           'dealloc': fields.get('msgt_deallocate'),
                           'name': fields.get('msgt_name'),
                           'size': fields.get('msgt_size'),
                           'number': fields.get('msgt_number')}
    return out


def prototypes(path):
    """name -> [normalized parameter] for each kern_return_t prototype."""
    out = {}
    if not os.path.exists(path):
        return out
    text = open(path).read()
    for m in re.finditer(r'kern_return_t\s*\n?\s*(\w+)\s*\n?\s*\((.*?)\)\s*;', text, re.S):
        out[m.group(1)] = [' '.join(p.split()) for p in m.group(2).split(',')]
    return out


def functions(text, pattern):
    """(name, body) for each function whose comment matches PATTERN."""
    parts = re.split(r'\n/\* (?:Simple)?Routine (\w+) \*/\n', text)
    for i in range(1, len(parts), 2):
        yield parts[i], parts[i + 1]


def struct(body, name):
    m = re.search(r'typedef struct \{\n((?:(?!typedef struct).)*?)\n\t\} ' + name + ';',
                  body, re.S)
    return m.group(1) if m else None


def field_names(st):
    names = []
    for line in st.split('\n'):
        line = line.strip()
        m = re.match(r'.*?(\w+)(\[\d+\])?;$', line)
        if m and not line.startswith('}') and not line.startswith('union'):
            names.append(m.group(1))
    return names


def gcc_include():
    """gcc's own header directory (stddef.h, stdint.h), the only one
    besides GNU Mach's that the offsets program may read."""
    return subprocess.run(['gcc', '-print-file-name=include'], check=True,
                          capture_output=True, text=True).stdout.strip()


def read_values(asm):
    """The values of the .quad array in the assembly text ASM."""
    out = []
    for line in asm.split('\n'):
        p = line.split()
        if len(p) == 2 and p[0] == '.quad':
            out.append(int(p[1], 0))
        elif len(p) == 2 and p[0] == '.zero':
            out += [0] * (int(p[1]) // 8)
    return out


def gnu_side(gnu_mig, inc, defs, work, cppflags):
    user, server, header = (os.path.join(work, n) for n in
                            ('gnuUser.c', 'gnuServer.c', 'gnu.h'))
    env = dict(os.environ)
    env.pop('MIGCOM', None)  # GNU MIG's driver reads it too
    env.pop('MIGDIR', None)
    # Its driver runs cpp with -undef: the target's macros are ours to give.
    subprocess.run([gnu_mig, '-D__x86_64__', '-D__LP64__', '-nostdinc',
                    '-I' + inc] + cppflags + ['-n', '-user', user,
                    '-server', server, '-header', header,
                    '-sheader', os.path.join(work, 'gnuServer.h'),
                    '-list', os.path.join(work, 'gnu.list'), defs],
                   check=True, capture_output=True, env=env)
    utext = open(user).read()
    stext = open(server).read()
    routines = {}
    for name, body in functions(utext, None):
        idm = re.search(r'InP->Head.msgh_id = (\d+);', body)
        routines[name] = {'id': int(idm.group(1)),
                          'request': struct(body, 'Request'),
                          'request_desc': descriptors(body),
                          'simple': struct(body, 'Reply') is None}
    for m in re.finditer(r'\nmig_internal void _X(\w+)\n\t\(.*?\n\}\n', stext, re.S):
        name = m.group(1)
        if name in routines and not routines[name]['simple']:
            body = m.group(0)
            routines[name]['reply'] = struct(body, 'Reply')
            routines[name]['reply_desc'] = descriptors(body)
    if any(f.startswith('-DKERNEL') for f in cppflags):
        # Kernel-side structures need GNU Mach's kernel headers
        # (ipc_port_t, a pointer-sized mach_port_t), not installed.
        return routines, None, 'kernel headers are not installed'
    # Offsets: compile every structure against GNU Mach's headers,
    # freestanding (no libc, no system include path), into an array
    # whose values are read back from the assembly.
    prog = ['#include <stddef.h>', '#include <stdint.h>', '#include "gnu.h"',
            '#include <mach/mig_errors.h>']
    keys, vals = [], []
    for name, r in routines.items():
        for kind in ('request', 'reply'):
            st = r.get(kind)
            if st is None:
                continue
            tn = 'S_%s_%s' % (name, kind)
            prog += ['typedef struct {', st, '} %s;' % tn]
            keys.append((name, kind, '<size>'))
            vals.append('sizeof(%s)' % tn)
            for f in field_names(st):
                keys.append((name, kind, f))
                vals += ['offsetof(%s, %s)' % (tn, f), 'sizeof(((%s *)0)->%s)' % (tn, f)]
    prog.append('const unsigned long oracle_values[] = {\n\t%s\n};'
                % ',\n\t'.join(vals + ['0']))
    # GNU Mach's mach_debug/slab_info.h includes <sys/types.h>, which
    # a freestanding compilation does not have: a stand-in.
    os.makedirs(os.path.join(work, 'standin', 'sys'), exist_ok=True)
    with open(os.path.join(work, 'standin', 'sys', 'types.h'), 'w') as f:
        f.write('#include <stddef.h>\n')
    src = os.path.join(work, 'gnu_offsets.c')
    with open(src, 'w') as f:
        f.write('\n'.join(prog) + '\n')
    r = subprocess.run(['gcc', '-w', '-S', '-o', '-', '-ffreestanding', '-nostdinc',
                        '-isystem', gcc_include(), '-D__x86_64__', '-D__LP64__',
                        '-I', work, '-I', os.path.join(work, 'standin'),
                        '-I', inc, '-I', os.path.dirname(os.path.abspath(defs)), src],
                       capture_output=True, text=True)
    if r.returncode != 0:
        return routines, None, r.stderr.strip().split('\n')[0]
    values = read_values(r.stdout)
    offsets = {}
    for k in keys:
        if k[2] == '<size>':
            offsets[k] = values.pop(0)
        else:
            offsets[k] = (values.pop(0), values.pop(0))
    return routines, offsets, None


def our_side(mig, migcom, inc, defs, work, cppflags, ours_flags=()):
    lay = os.path.join(work, 'ours.lay')
    env = dict(os.environ, MIGCOM=migcom)
    subprocess.run([mig] + list(ours_flags) + ['-nostdinc', '-I' + inc] + cppflags +
                   ['-n', '-layout', lay,
                    '-header', os.path.join(work, 'ours.h'),
                    '-sheader', os.path.join(work, 'oursServer.h'),
                    '-list', os.path.join(work, 'ours.list'), defs], check=True,
                   capture_output=True, env=env)
    routines = {}
    cur = kind = None
    for line in open(lay):
        p = line.split()
        if p[0] == 'routine':
            cur = routines.setdefault(p[1], {})
        elif p[0] in ('request', 'reply'):
            kind = p[0]
            cur[kind] = {'id': int(p[1]), 'size': int(p[3]),
                         'varying': 'varying' in p, 'items': {}}
        elif p[0].endswith('Type') and len(p) > 3:
            d = dict(kv.split('=') for kv in p[3:])
            cur[kind]['items'][p[0]] = {'offset': int(p[1]), 'desc': dict(
                (k, int(v)) for k, v in d.items())}
        else:
            cur[kind]['items'][p[0]] = {'offset': int(p[1]), 'size': int(p[2])}
    return routines


def gnu_inconsistent(name, g, offsets):
    """GNU MIG's C structure disagrees with its own descriptor (the C
    header and the .defs of that snapshot disagree): no oracle there."""
    if offsets is None:
        return None
    for kind in ('request', 'reply'):
        fields = field_names(g.get(kind) or '')
        for f in fields:
            off = offsets.get((name, kind, f))
            # union { T x[N]; const T *xP; } pads x to 8 bytes, but GNU
            # MIG's size and move arithmetic assume the unpadded array:
            # its own message is then 4 bytes short.
            if f + 'P' in fields and off is not None and off[1] % 8:
                return '%s %s: union padding of a %d-byte array' % (kind, f, off[1])
        for f, d in g.get(kind + '_desc', {}).items():
            if None in (d.get('number'), d.get('size')) or not d.get('inline'):
                continue
            off = offsets.get((name, kind, f))
            if off is None:
                continue
            want = (d['number'] * d['size'] + 7) // 8
            if off[1] != want and off[1] != (want + 3) // 4 * 4 and \
                    f + 'P' not in field_names(g.get(kind) or ''):
                return '%s %s: C size %d, descriptor says %d bytes' % (
                    kind, f, off[1], want)
    return None


def compare(name, g, ours, offsets):
    errs = []
    o = ours.get(name)
    if o is None:
        return ['missing from our output']
    if o['request']['id'] != g['id']:
        errs.append('request msgh_id %d, GNU %d' % (o['request']['id'], g['id']))
    if not g['simple']:
        if 'reply' not in o:
            return errs + ['we have no reply']
        if o['reply']['id'] != g['id'] + 100:
            errs.append('reply msgh_id %d, GNU %d' % (o['reply']['id'], g['id'] + 100))
    for kind in ('request', 'reply'):
        if kind == 'reply' and g['simple']:
            continue
        gdesc = g.get(kind + '_desc', {})
        items = o[kind]['items']
        gst = g.get(kind) or ''
        gfields = field_names(gst)
        ofields = [f for f in items]
        gfields_cmp = [f for f in gfields if not f.endswith('Pad') and not f.endswith('P')
                       or f + 'Type' in items or f in items]
        if [f for f in gfields_cmp if f != 'Head'] != ofields:
            errs.append('%s fields %s, GNU %s' % (kind, ofields, gfields_cmp[1:]))
            continue
        if offsets is not None and not o[kind]['varying']:
            gsize = offsets.get((name, kind, '<size>'))
            if gsize != o[kind]['size']:
                errs.append('%s size %d, GNU %s' % (kind, o[kind]['size'], gsize))
        for f, it in items.items():
            if offsets is not None:
                goff = offsets.get((name, kind, f))
                if goff is None or goff[0] != it['offset']:
                    errs.append('%s %s at %d, GNU %s' % (kind, f, it['offset'],
                                                         goff and goff[0]))
                if 'size' in it and goff is not None and goff[1] < it['size']:
                    errs.append('%s %s size %d, GNU %d' % (kind, f, it['size'], goff[1]))
            if 'desc' in it:
                gd = gdesc.get(f[:-4])
                if gd is None:
                    if f != 'RetCodeType':
                        errs.append('%s %s: no GNU descriptor' % (kind, f))
                    continue
                od = it['desc']
                for k in ('name', 'size', 'inline', 'long', 'dealloc', 'number'):
                    if gd.get(k) is None:
                        continue
                    if k == 'number' and od['number'] == 0:
                        continue
                    if k == 'name' and od['name'] == 0 and gd['name'] not in (0,):
                        # polymorphic: the name is set at run time
                        if gd['name'] in (255, None):
                            continue
                    if gd[k] != od[k]:
                        errs.append('%s %s %s=%d, GNU %d' % (kind, f, k, od[k], gd[k]))
    return errs


def main():
    mig, migcom, gnu_mig, inc, work = sys.argv[1:6]
    defs = sys.argv[6:]
    cases = []
    skipped = 0
    # GNU Mach's interfaces as user space, the kernel's server side and
    # the kernel's client side (ports are kernel pointers there).
    for variant, cppflags in (('', []), ('KERNEL_SERVER ', ['-DKERNEL_SERVER=1']),
                              ('KERNEL_USER ', ['-DKERNEL_USER=1'])):
        for d in defs:
            # FILE@-IDIR: our mig reads our own interfaces/ from DIR
            # (GNU MIG its own): the two .defs libraries must agree.
            ours_flags = []
            if '@' in d:
                d, flag = d.split('@', 1)
                ours_flags = [flag]
            base = os.path.basename(d)[:-5]
            w = os.path.join(work, variant.strip() or 'user', base)
            os.makedirs(w, exist_ok=True)
            try:
                g, offsets, why = gnu_side(gnu_mig, inc, d, w, cppflags)
            except subprocess.CalledProcessError as e:
                cases.append((False, '%s%s: GNU MIG failed: %s'
                              % (variant, base, e.stderr.decode()[:200])))
                continue
            try:
                ours = our_side(mig, migcom, inc, d, w, cppflags, ours_flags)
            except subprocess.CalledProcessError as e:
                cases.append((False, '%s%s: our mig failed: %s'
                              % (variant, base, e.stderr.decode()[:300])))
                continue
            if offsets is None:
                print('# %s%s: GNU MIG output does not compile here (%s); '
                      'comparing ids and descriptors only' % (variant, base, why))
            protos = [(prototypes(os.path.join(w, a)), prototypes(os.path.join(w, b)))
                      for a, b in (('gnu.h', 'ours.h'), ('gnuServer.h', 'oursServer.h'))]
            lists = [dict((l.split()[2], l) for l in open(os.path.join(w, f)).read().splitlines()
                          if l.strip()) for f in ('gnu.list', 'ours.list')]
            for name in sorted(g, key=lambda n: g[n]['id']):
                perrs = []
                if lists[0].get(name) != lists[1].get(name):
                    perrs.append('-list line %r, GNU %r' % (lists[1].get(name), lists[0].get(name)))
                for side, (gp, op) in zip(('user', 'server'), protos):
                    for fn in gp:
                        if fn.endswith(name) and fn in op and gp[fn] != op[fn]:
                            perrs.append('%s prototype of %s: %s, GNU %s'
                                         % (side, fn, op[fn], gp[fn]))
                        elif fn.endswith(name) and fn not in op and \
                                any(f.endswith(name) for f in op) is False:
                            perrs.append('no %s prototype for %s' % (side, fn))
                why = gnu_inconsistent(name, g[name], offsets)
                if why:
                    cases.append((True, '%s%s %s # SKIP GNU MIG disagrees with itself (%s)'
                                  % (variant, base, name, why)))
                    skipped += 1
                    continue
                errs = compare(name, g[name], ours, offsets) + perrs
                cases.append((not errs, '%s%s %s%s' % (
                    variant, base, name, ': ' + '; '.join(errs[:4]) if errs else '')))
            for name in sorted(set(ours) - set(g)):
                cases.append((False, '%s%s %s: not in GNU MIG output' % (variant, base, name)))
    print('1..%d' % len(cases))
    bad = 0
    for i, (ok, text) in enumerate(cases, 1):
        print('%s %d - %s' % ('ok' if ok else 'not ok', i, text))
        bad += not ok
    print('# %d routines compared, %d mismatches, %d skipped' % (len(cases) - skipped, bad, skipped))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())

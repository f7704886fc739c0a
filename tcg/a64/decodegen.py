#!/usr/bin/env python3
"""decodegen.py: turns a .decode file (instruction patterns, one a line) into a C
decoder that extracts each pattern's fields into an arg_ struct and calls its
trans_ handler. The syntax is described in docs/decoder.md.

  decodegen.py --decode FUNC [-o OUT] [--stubs STUBS] FILE
  decodegen.py --check FILE...     (each file, and that no two files overlap)
"""
import argparse
import os
import re
import sys

IDENT = r'[A-Za-z_][A-Za-z0-9_]*'
RE_BITS = re.compile(r'^[01.\-]+$')
RE_INLINE = re.compile(r'^(' + IDENT + r'):(s?)([0-9]+)$')
RE_SEG = re.compile(r'^([0-9]+):(s?)([0-9]+)$')
RE_FREF = re.compile(r'^(?:(' + IDENT + r')=)?%(' + IDENT + r')$')
RE_CONST = re.compile(r'^(' + IDENT + r')=(-?(?:0x[0-9a-fA-F]+|[0-9]+))$')
RE_NAME = re.compile(r'^' + IDENT + r'$')


class DecodeError(Exception):
    pass


class Loc:
    def __init__(self, file, line):
        self.file, self.line = file, line

    def __str__(self):
        return '%s:%d' % (self.file, self.line)


def fail(loc, msg):
    raise DecodeError('%s: error: %s' % (loc, msg))


class Field:
    """Bits of the word, concatenated (first segment most significant), signed if the
    first segment is, then optionally passed through a C function."""

    def __init__(self, name, segs, func, loc):
        self.name, self.segs, self.func, self.loc = name, segs, func, loc
        self.mask = 0
        for pos, length, _ in segs:
            m = ((1 << length) - 1) << pos
            if self.mask & m:
                fail(loc, 'field %s uses a bit twice' % name)
            self.mask |= m

    def c_expr(self):
        expr = None
        for pos, length, signed in self.segs:
            part = '%s(insn, %d, %d)' % ('decode_sextract' if signed else 'decode_extract',
                                         pos, length)
            expr = part if expr is None else \
                '(int)(((uint32_t)(%s) << %d) | %s)' % (expr, length, part)
        return '%s(s, %s)' % (self.func, expr) if self.func else expr


def make_seg(pos, length, signed, loc, what):
    if length < 1 or pos + length > 32:
        fail(loc, '%s: bits %d..%d are outside the 32-bit word' % (what, pos, pos + length - 1))
    return (pos, length, signed)


class Pattern:
    """A resolved pattern (or a format, before resolution). args: name -> Field or int."""

    def __init__(self, name, loc, reserved=False):
        self.name, self.loc, self.reserved = name, loc, reserved
        self.fixedmask = self.fixedbits = self.ignmask = self.dotmask = 0
        self.args = {}           # in order: name -> Field | int
        self.argset = None       # the &set's name, or None
        self.fmt = None
        self.struct = None       # C struct name (without arg_)

    def leaves(self):
        return [self]


class Group:
    """ordered: '{ }', members tried in turn; else '[ ]', members must not overlap."""

    def __init__(self, ordered, loc):
        self.ordered, self.loc, self.members = ordered, loc, []
        self.fixedmask = self.fixedbits = 0

    def leaves(self):
        return [p for m in self.members for p in m.leaves()]

    def finish(self):
        if not self.members:
            fail(self.loc, 'empty group')
        for m in self.members:
            if isinstance(m, Group):
                m.finish()
        # The bits every member fixes to the same value: the group's own test.
        mask = 0xffffffff
        for m in self.members:
            mask &= m.fixedmask
        first = self.members[0].fixedbits
        for m in self.members:
            mask &= ~(m.fixedbits ^ first)
        self.fixedmask, self.fixedbits = mask, first & mask


def overlaps(a, b):
    m = a.fixedmask & b.fixedmask
    return (a.fixedbits & m) == (b.fixedbits & m)


def check_disjoint(items, why):
    for i, a in enumerate(items):
        for b in items[i + 1:]:
            if not overlaps(a, b):
                continue
            for p in a.leaves():
                for q in b.leaves():
                    if overlaps(p, q):
                        raise DecodeError(
                            '%s: error: %s overlaps %s (%s)%s' %
                            (q.loc, pname(q), pname(p), p.loc, why))


def pname(p):
    return ('!' if p.reserved else '') + p.name


class Parser:
    def __init__(self, filename, text):
        self.file = filename
        self.text = text
        self.fields = {}
        self.argsets = {}        # name -> (list of arg names, loc)
        self.formats = {}
        self.patterns = []       # every pattern, in file order
        self.top = Group(False, Loc(filename, 0))
        self.by_name = {}

    def parse(self):
        stack = [self.top]
        for n, raw in enumerate(self.text.split('\n'), 1):
            loc = Loc(self.file, n)
            line = raw.split('#', 1)[0].strip()
            if not line:
                continue
            toks = line.split()
            t0 = toks[0]
            if t0 in ('{', '['):
                if len(toks) != 1:
                    fail(loc, "'%s' must be alone on its line" % t0)
                g = Group(t0 == '{', loc)
                if not g.ordered and not stack[-1].ordered:
                    fail(loc, "'[' belongs inside '{ }' (outside one, patterns never overlap)")
                stack[-1].members.append(g)
                stack.append(g)
            elif t0 in ('}', ']'):
                if len(toks) != 1:
                    fail(loc, "'%s' must be alone on its line" % t0)
                if len(stack) == 1 or (t0 == '}') != stack[-1].ordered:
                    fail(loc, "unbalanced '%s'" % t0)
                stack.pop()
            elif t0[0] == '%':
                self.parse_field(t0[1:], toks[1:], loc)
            elif t0[0] == '&':
                self.parse_argset(t0[1:], toks[1:], loc)
            elif t0[0] == '@':
                self.check_new(self.formats, t0[1:], loc, 'format')
                self.formats[t0[1:]] = self.parse_bits(t0[1:], toks[1:], loc, True)
            else:
                reserved = t0[0] == '!'
                name = t0[1:] if reserved else t0
                if not RE_NAME.match(name):
                    fail(loc, 'bad pattern name %r' % t0)
                p = self.resolve(self.parse_bits(name, toks[1:], loc, False, reserved))
                stack[-1].members.append(p)
                self.patterns.append(p)
        if len(stack) != 1:
            fail(stack[-1].loc, "group not closed")
        self.top.finish()
        self.check_group(self.top)
        return self

    def check_new(self, table, name, loc, what):
        if not RE_NAME.match(name):
            fail(loc, 'bad %s name %r' % (what, name))
        if name in table:
            other = table[name]
            other = other[1] if isinstance(other, tuple) else other.loc
            fail(loc, '%s %s already defined at %s' % (what, name, other))

    def parse_field(self, name, toks, loc):
        self.check_new(self.fields, name, loc, 'field')
        segs, func = [], None
        for t in toks:
            if t.startswith('!function='):
                func = t[len('!function='):]
                if not RE_NAME.match(func):
                    fail(loc, 'bad function name %r' % func)
                continue
            m = RE_SEG.match(t)
            if not m or func:
                fail(loc, 'bad field segment %r (want pos:len or pos:slen)' % t)
            segs.append(make_seg(int(m.group(1)), int(m.group(3)), m.group(2) == 's', loc,
                                 'field %s' % name))
        if not segs:
            fail(loc, 'field %s has no bits' % name)
        if any(s[2] for s in segs[1:]):
            fail(loc, 'field %s: only the first (most significant) segment may be signed' % name)
        self.fields[name] = Field(name, segs, func, loc)

    def parse_argset(self, name, toks, loc):
        self.check_new(self.argsets, name, loc, 'argument set')
        for t in toks:
            if not RE_NAME.match(t):
                fail(loc, 'bad argument name %r' % t)
            if toks.count(t) > 1:
                fail(loc, 'argument %s listed twice in &%s' % (t, name))
        self.argsets[name] = (toks, loc)

    def parse_bits(self, name, toks, loc, is_format, reserved=False):
        p = Pattern(name, loc, reserved)
        pos = 32
        for t in toks:
            if RE_BITS.match(t):
                for c in t:
                    pos -= 1
                    if pos < 0:
                        break
                    bit = 1 << pos
                    if c in '01':
                        p.fixedmask |= bit
                        p.fixedbits |= bit if c == '1' else 0
                    elif c == '-':
                        p.ignmask |= bit
                    else:
                        p.dotmask |= bit
                continue
            m = RE_INLINE.match(t)
            if m:
                length = int(m.group(3))
                pos -= length
                if pos >= 0:
                    f = Field(m.group(1), [make_seg(pos, length, m.group(2) == 's', loc,
                                                    m.group(1))], None, loc)
                    self.add_arg(p, m.group(1), f, loc)
                continue
            m = RE_FREF.match(t)
            if m:
                if m.group(2) not in self.fields:
                    fail(loc, 'unknown field %%%s' % m.group(2))
                self.add_arg(p, m.group(1) or m.group(2), self.fields[m.group(2)], loc)
                continue
            m = RE_CONST.match(t)
            if m:
                self.add_arg(p, m.group(1), int(m.group(2), 0), loc)
                continue
            if t[0] == '&':
                if t[1:] not in self.argsets:
                    fail(loc, 'unknown argument set %s' % t)
                if p.argset:
                    fail(loc, 'more than one argument set')
                p.argset = t[1:]
                continue
            if t[0] == '@' and not is_format:
                if t[1:] not in self.formats:
                    fail(loc, 'unknown format %s' % t)
                if p.fmt:
                    fail(loc, 'more than one format')
                p.fmt = self.formats[t[1:]]
                continue
            fail(loc, 'cannot parse %r' % t)
        if pos != 0:
            fail(loc, '%s has %d bits, not 32' % (name, 32 - pos))
        return p

    def add_arg(self, p, name, val, loc):
        if name in p.args:
            fail(loc, 'argument %s set twice' % name)
        p.args[name] = val

    def resolve(self, p):
        """Merge the format into the pattern and check that every bit is accounted for."""
        loc, f = p.loc, p.fmt
        args = {}
        fixedmask, fixedbits, ignmask = p.fixedmask, p.fixedbits, p.ignmask
        if f:
            clash = f.fixedmask & fixedmask & (f.fixedbits ^ fixedbits)
            if clash:
                fail(loc, 'bit %d: the pattern and format @%s fix different values'
                     % (clash.bit_length() - 1, f.name))
            fixedmask |= f.fixedmask
            fixedbits |= f.fixedbits
            ignmask |= f.ignmask
            # An argument the pattern sets itself replaces the format's.
            args = {k: v for k, v in f.args.items() if k not in p.args}
        args.update(p.args)
        p.fixedmask, p.fixedbits, p.ignmask = fixedmask, fixedbits & fixedmask, ignmask
        fieldmask = 0
        for k, v in args.items():
            if isinstance(v, Field):
                if v.mask & fixedmask:
                    fail(loc, 'field %s overlaps fixed bit %d' %
                         (k, (v.mask & fixedmask).bit_length() - 1))
                if v.mask & ignmask:
                    fail(loc, "field %s overlaps ignored ('-') bit %d" %
                         (k, (v.mask & ignmask).bit_length() - 1))
                fieldmask |= v.mask
        if fixedmask & ignmask:
            fail(loc, "bit %d is both fixed and ignored ('-')"
                 % ((fixedmask & ignmask).bit_length() - 1))
        loose = 0xffffffff & ~(fixedmask | ignmask | fieldmask)
        if loose and not p.reserved:       # a reserved pattern's '.' is any value
            fail(loc, "bit %d is not fixed, not in a field and not ignored ('-')"
                 % (loose.bit_length() - 1))
        p.args = args
        argset = p.argset or (f.argset if f else None)
        if p.reserved:
            return p
        if argset:
            names, _ = self.argsets[argset]
            for a in names:
                if a not in args:
                    fail(loc, 'argument %s of &%s is not set' % (a, argset))
            for a in args:
                if a not in names:
                    fail(loc, 'argument %s is not in &%s' % (a, argset))
            if p.name in self.argsets and p.name != argset:
                fail(loc, 'pattern %s takes &%s, and its arg_%s would be the one of &%s'
                     % (p.name, argset, p.name, p.name))
            p.argset, p.struct = argset, argset
        else:
            if p.name in self.argsets:
                fail(loc, 'pattern %s has no &set, and its arg_%s would be the one of &%s'
                     % (p.name, p.name, p.name))
            p.struct = p.name
        prev = self.by_name.get(p.name)
        if prev:
            if prev.struct != p.struct or (not argset and list(prev.args) != list(args)):
                fail(loc, '%s takes other arguments than at %s' % (p.name, prev.loc))
        else:
            self.by_name[p.name] = p
        return p

    def check_group(self, g):
        for m in g.members:
            if isinstance(m, Group):
                self.check_group(m)
        if not g.ordered:
            check_disjoint(g.members, ' and they are not in an ordered group { }')
            return
        # In an ordered group, a reserved member hides what it fully covers.
        for i, a in enumerate(g.members):
            if not (isinstance(a, Pattern) and a.reserved):
                continue
            for b in g.members[i + 1:]:
                for q in b.leaves():
                    if a.fixedmask & ~q.fixedmask == 0 and \
                            (a.fixedbits ^ q.fixedbits) & a.fixedmask == 0:
                        raise DecodeError('%s: error: %s can never match: %s (%s) comes first'
                                          % (q.loc, pname(q), pname(a), a.loc))


class Emitter:
    def __init__(self, parser):
        self.p = parser
        self.out = []
        self.nlabel = 0
        self.extractors = {}     # signature -> (function name, struct)

    def w(self, indent, s):
        self.out.append('    ' * indent + s if s else '')

    def extractor(self, p):
        sig = (p.struct, tuple((k, v.c_expr() if isinstance(v, Field) else str(v))
                               for k, v in p.args.items()))
        if sig not in self.extractors:
            from_fmt = p.fmt and all(p.fmt.args.get(k) is v for k, v in p.args.items())
            base = 'decode_args_' + (p.fmt.name if from_fmt else p.name)
            name, n = base, 1
            while name in [e[0] for e in self.extractors.values()]:
                n += 1
                name = '%s_%d' % (base, n)
            self.extractors[sig] = (name, p)
        return self.extractors[sig][0]

    def label(self):
        self.nlabel += 1
        return 'next_%d' % self.nlabel

    def emit_item(self, it, known, indent, failure):
        """known: the bits of the word already tested on the way here, where it agrees."""
        rem = it.fixedmask & ~known
        inner = indent + 1 if rem else indent
        if rem:
            self.w(indent, 'if ((insn & 0x%08x) == 0x%08x) {' % (rem, it.fixedbits & rem))
        if isinstance(it, Pattern):
            self.w(inner, '/* %s:%d %s */' % (os.path.basename(it.loc.file), it.loc.line,
                                             pname(it)))
            if it.reserved:
                self.w(inner, 'DECODE_UNDEF(%s);' % it.name)
                self.w(inner, 'return false;')
            else:
                self.w(inner, '%s(s, &u.f_%s, insn);' % (self.extractor(it), it.struct))
                self.w(inner, 'if (trans_%s(s, &u.f_%s)) {' % (it.name, it.struct))
                self.w(inner + 1, 'return true;')
                self.w(inner, '}')
        elif it.ordered:
            # Only the bits the whole group fixes are known to match each member.
            for m in it.members:
                lab = self.label()
                self.emit_item(m, it.fixedmask, inner, 'goto %s;' % lab)
                self.w(inner, '%s:;' % lab)
        else:
            self.emit_tree(it.members, it.fixedmask, inner, failure)
        if rem:
            self.w(indent, '}')
        self.w(indent, failure)

    def emit_tree(self, items, known, indent, failure):
        """Items do not overlap: switch on the bits they all fix and that tell them
        apart; failing that, branch on the bit most of them fix."""
        if not items:
            self.w(indent, failure)
            return
        if len(items) == 1:
            self.emit_item(items[0], known, indent, failure)
            return
        common = 0xffffffff & ~known
        for it in items:
            common &= it.fixedmask
        diff = 0
        for it in items:
            diff |= (it.fixedbits ^ items[0].fixedbits) & common
        agree = common & ~diff
        if agree:
            # Bits every item needs with the same value: test them once, here.
            self.w(indent, 'if ((insn & 0x%08x) != 0x%08x) {' % (agree, items[0].fixedbits & agree))
            self.w(indent + 1, failure)
            self.w(indent, '}')
            known |= agree
        if diff:
            cases = {}
            for it in items:
                cases.setdefault(it.fixedbits & diff, []).append(it)
            self.w(indent, 'switch (insn & 0x%08x) {' % diff)
            for v in sorted(cases):
                self.w(indent, 'case 0x%08x:' % v)
                self.emit_tree(cases[v], known | diff, indent + 1, failure)
            self.w(indent, 'default:')
            self.w(indent + 1, failure)
            self.w(indent, '}')
            return
        best, score = None, (0, 0)
        for b in range(32):
            bit = 1 << b
            if known & bit:
                continue
            n1 = sum(1 for it in items if it.fixedmask & bit and it.fixedbits & bit)
            n0 = sum(1 for it in items if it.fixedmask & bit and not it.fixedbits & bit)
            if n0 and n1 and (min(n0, n1), n0 + n1) > score:
                best, score = bit, (min(n0, n1), n0 + n1)
        assert best, 'overlapping patterns reached the tree'
        ones = [it for it in items if not (it.fixedmask & best and not it.fixedbits & best)]
        zeros = [it for it in items if not (it.fixedmask & best and it.fixedbits & best)]
        self.w(indent, 'if (insn & 0x%08x) {' % best)
        self.emit_tree(ones, known | best, indent + 1, failure)
        self.w(indent, '} else {')
        self.emit_tree(zeros, known | best, indent + 1, failure)
        self.w(indent, '}')

    def generate(self, func, source):
        p = self.p
        w = self.w
        w(0, '/* Generated by decodegen.py from %s: do not edit. */' % source)
        w(0, '')
        w(0, '#ifndef DECODE_UNDEF')
        w(0, '#define DECODE_UNDEF(name) ((void)0)')
        w(0, '#endif')
        w(0, '')
        structs = {}
        for q in p.patterns:
            if not q.reserved and q.struct not in structs:
                structs[q.struct] = p.argsets[q.argset][0] if q.argset else list(q.args)
        for name, members in sorted(structs.items()):
            w(0, 'typedef struct {')
            for m in members:
                w(1, 'int %s;' % m)
            if not members:
                w(1, 'char unused_;')
            w(0, '} arg_%s;' % name)
            w(0, '')
        # arg_NAME for every pattern, so that a handler can be declared from its name.
        for name, q in p.by_name.items():
            if q.struct != name:
                w(0, 'typedef arg_%s arg_%s;' % (q.struct, name))
        w(0, '')
        for name, q in p.by_name.items():
            w(0, 'static bool trans_%s(DisasContext *s, arg_%s *a);' % (name, q.struct))
        w(0, '')
        w(0, 'static inline int decode_extract(uint32_t insn, unsigned pos, unsigned len)')
        w(0, '{')
        w(1, 'return (int)((insn >> pos) & ((1u << len) - 1));')
        w(0, '}')
        w(0, '')
        w(0, 'static inline int decode_sextract(uint32_t insn, unsigned pos, unsigned len)')
        w(0, '{')
        w(1, 'return (int32_t)(insn << (32 - pos - len)) >> (32 - len);')
        w(0, '}')
        w(0, '')
        body_start = len(self.out)
        w(0, 'bool %s(DisasContext *s, uint32_t insn)' % func)
        w(0, '{')
        w(1, 'union {')
        for name in sorted(structs):
            w(2, 'arg_%s f_%s;' % (name, name))
        w(1, '} u;')
        w(0, '')
        self.emit_tree(p.top.members, 0, 1, 'return false;')
        w(0, '}')
        body = self.out[body_start:]
        self.out = self.out[:body_start]
        for name, q in self.extractors.values():
            w(0, 'static void %s(DisasContext *s, arg_%s *a, uint32_t insn)' % (name, q.struct))
            w(0, '{')
            for k, v in q.args.items():
                w(1, 'a->%s = %s;' % (k, v.c_expr() if isinstance(v, Field) else str(v)))
            w(0, '}')
            w(0, '')
        # A member's failure jumps to the next member: drop the jump when that is the
        # very next line.
        for i, line in enumerate(body[:-1]):
            nxt = body[i + 1].strip()
            if nxt.endswith(':;') and line.strip() == 'goto %s;' % nxt[:-2]:
                body[i] = None
        body = [b for b in body if b is not None]
        used = {b.strip()[5:-1] for b in body if b.strip().startswith('goto ')}
        self.out += [b for b in body if not (b.strip().endswith(':;') and b.strip()[:-2] not in used)]
        return '\n'.join(self.out) + '\n'

    def stubs(self, source):
        out = ['/* Generated by decodegen.py from %s: stub handlers for tests. Define' % source,
               ' * decode_stub_hit(s, name, ok) and, for a handler that checks more than',
               ' * the table, STUB_CHECK_<name>(s, a) before including this. */', '']
        for name, q in self.p.by_name.items():
            out += ['#ifndef STUB_CHECK_%s' % name,
                    '#define STUB_CHECK_%s(s, a) true' % name, '#endif',
                    'static bool trans_%s(DisasContext *s, arg_%s *a)' % (name, q.struct),
                    '{', '    return decode_stub_hit(s, "%s", STUB_CHECK_%s(s, a));' % (name, name),
                    '}', '']
        reserved = []
        for q in self.p.patterns:
            if q.reserved and q.name not in reserved:
                reserved.append(q.name)
        for var, names in (('decode_stub_names', list(self.p.by_name)),
                           ('decode_stub_reserved', reserved)):
            out.append('static const char *const %s[] = {' % var)
            out += ['    "%s",' % n for n in names] + ['    NULL,', '};', '']
        return '\n'.join(out)


def load(path):
    with open(path, encoding='utf-8') as f:
        return Parser(path, f.read()).parse()


def main(argv):
    ap = argparse.ArgumentParser(description='Generate a C decoder from a .decode file.')
    ap.add_argument('files', nargs='+')
    ap.add_argument('--decode', help='name of the decode function')
    ap.add_argument('-o', '--output', help='the decoder (default: stdout)')
    ap.add_argument('--stubs', help='also write stub trans_ functions here')
    ap.add_argument('--check', action='store_true',
                    help='only check the files, and that no two of them overlap')
    args = ap.parse_args(argv)
    try:
        parsers = [load(f) for f in args.files]
        if args.check:
            tops = []
            for q in parsers:
                tops.append(q.top)
            check_disjoint(tops, ' (in another file)')
            return 0
        if len(parsers) != 1 or not args.decode:
            ap.error('generating takes one file and --decode')
        em = Emitter(parsers[0])
        source = os.path.basename(args.files[0])
        text = em.generate(args.decode, source)
        stubs = em.stubs(source) if args.stubs else None
    except DecodeError as e:
        print(e, file=sys.stderr)
        return 1
    except OSError as e:
        print('decodegen: %s' % e, file=sys.stderr)
        return 1
    if args.output:
        with open(args.output, 'w', encoding='utf-8') as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    if stubs is not None:
        with open(args.stubs, 'w', encoding='utf-8') as f:
            f.write(stubs)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))

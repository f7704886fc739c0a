#!/usr/bin/env python3
"""test-decodegen.py: decodegen.py's tests (TAP). Bad tables must be rejected with
the right message at the right file:line; good tables must give a decoder that,
compiled and run, picks the same handler with the same arguments as a plain
reading of the table (patterns tried one by one, in order).

  test-decodegen.py DECODEGEN CC... [-- TABLE.decode...]
"""
import os
import random
import subprocess
import sys
import tempfile

TAP = []


def ok(cond, name, diag=''):
    TAP.append((bool(cond), name, diag))


def run_gen(decodegen, files, extra=()):
    p = subprocess.run([sys.executable, decodegen] + list(extra) + files,
                       capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


# ---- bad tables: (name, text, [expected substrings of stderr]) ----
# In each, t.decode is the file under test; line numbers are 1-based.
BAD = [
    ('ungrouped overlap',
     'A 0000 ----------------------------\n'
     'B 00-- ----------------------------\n',
     ['t.decode:2: error: B overlaps A (t.decode:1)', 'not in an ordered group']),
    ('overlap of a pattern with a group member',
     '{\n'
     '  A 0000 ----------------------------\n'
     '}\n'
     'B 0000 1---------------------------\n',
     ['t.decode:4: error: B overlaps A (t.decode:2)']),
    ('overlap inside [ ] in { }',
     '{\n'
     '  !R 1111 ----------------------------\n'
     '  [\n'
     '    A 0000 ----------------------------\n'
     '    B ---0 ----------------------------\n'
     '  ]\n'
     '}\n',
     ['t.decode:5: error: B overlaps A (t.decode:4)']),
    ('too few bits',
     'A 0000 ...........................\n', ['t.decode:1: error: A has 31 bits, not 32']),
    ('too many bits',
     'A 0000 .............................\n', ['t.decode:1: error: A has 33 bits, not 32']),
    ('too many bits in a format',
     '@f 0000 ........................ x:5\n', ['t.decode:1: error: f has 33 bits, not 32']),
    ('unknown format',
     'A 0000 ............................ @nope\n',
     ['t.decode:1: error: unknown format @nope']),
    ('unknown field',
     'A 0000 ............................ x=%nope\n',
     ['t.decode:1: error: unknown field %nope']),
    ('unknown argument set',
     'A 0000 ............................ &nope\n',
     ['t.decode:1: error: unknown argument set &nope']),
    ('field over a fixed bit',
     '@f ---- ---------------------- x:6\n'
     'A 0000 ---------------------- 1 .....  @f\n',
     ['t.decode:2: error: field x overlaps fixed bit 5']),
    ('%field over a fixed bit',
     '%x 0:6\n'
     'A 0000 ---------------------- 1 .....  x=%x\n',
     ['t.decode:2: error: field x overlaps fixed bit 5']),
    ('field over an ignored bit',
     '%x 0:6\n'
     'A 0000 ---------------------- - .....  x=%x\n',
     ["t.decode:2: error: field x overlaps ignored ('-') bit 5"]),
    ('bit in nothing',
     'A 0000 ............................ \n',
     ["t.decode:1: error: bit 27 is not fixed, not in a field and not ignored ('-')"]),
    ('pattern and format disagree',
     '@f 1--- ------------------------ x:4\n'
     'A 0000 ------------------------ .... @f\n',
     ['t.decode:2: error: bit 31: the pattern and format @f fix different values']),
    ('argument missing from the set',
     '&s x y\n'
     'A 0000 ------------------------ x:4 &s\n',
     ['t.decode:2: error: argument y of &s is not set']),
    ('argument not in the set',
     '&s x\n'
     'A 0000 ------------------------ x:2 y:2 &s\n',
     ['t.decode:2: error: argument y is not in &s']),
    ('field defined twice',
     '%x 0:4\n'
     '%x 4:4\n',
     ['t.decode:2: error: field x already defined at t.decode:1']),
    ('format defined twice',
     '@f ---- ........................ x:4\n'
     '@f ---- ........................ x:4\n',
     ['t.decode:2: error: format f already defined at t.decode:1']),
    ('unbalanced }',
     'A 0000 ------------------------ ----\n'
     '}\n', ["t.decode:2: error: unbalanced '}'"]),
    ('{ closed by ]',
     '{\n'
     'A 0000 ------------------------ ----\n'
     ']\n', ["t.decode:3: error: unbalanced ']'"]),
    ('group not closed',
     '{\n'
     'A 0000 ------------------------ ----\n', ['t.decode:1: error: group not closed']),
    ('empty group',
     'A 0000 ------------------------ ----\n'
     '{\n'
     '}\n', ['t.decode:2: error: empty group']),
    ('[ outside { }',
     '[\n'
     'A 0000 ------------------------ ----\n'
     ']\n', ["t.decode:1: error: '[' belongs inside '{ }'"]),
    ('reserved pattern hides a later one',
     '{\n'
     '  !R 00.. ------------------------ ----\n'
     '  A 0001 ------------------------ ----\n'
     '}\n', ['t.decode:3: error: A can never match: !R (t.decode:2) comes first']),
    ('one name, two argument lists',
     'A 0000 ------------------------ x:4\n'
     'A 0001 ------------------------ y:4\n',
     ['t.decode:2: error: A takes other arguments than at t.decode:1']),
    ('segment outside the word',
     '%x 30:5\n', ['t.decode:1: error: field x: bits 30..34 are outside the 32-bit word']),
    ('signed low segment',
     '%x 0:4 8:s4\n', ['t.decode:1: error: field x: only the first']),
    ('junk token',
     'A 0000 ............................ ?\n', ["t.decode:1: error: cannot parse '?'"]),
    ('implicit arguments named like a set',
     '&A x\n'
     'A 0000 ------------------------ x:4\n',
     ['t.decode:2: error: pattern A has no &set']),
    ('pattern named like another argument set',
     '&A x\n'
     '&s x\n'
     'A 0000 ------------------------ x:4 &s\n',
     ['t.decode:3: error: pattern A takes &s, and its arg_A would be the one of &A']),
    ('argument set twice',
     'A 0000 ------------------------ x:2 x:2\n',
     ['t.decode:1: error: argument x set twice']),
]


def test_bad(decodegen, tmp):
    path = os.path.join(tmp, 't.decode')
    for name, text, want in BAD:
        with open(path, 'w') as f:
            f.write(text)
        # Run from tmp so that the message says t.decode.
        p = subprocess.run([sys.executable, os.path.abspath(decodegen), '--decode', 'f',
                            't.decode'], capture_output=True, text=True, cwd=tmp)
        good = p.returncode == 1 and all(w in p.stderr for w in want) and not p.stdout
        ok(good, 'rejects: ' + name, 'rc %d, stderr: %s' % (p.returncode, p.stderr.strip()))
    # Two files that overlap each other, each fine alone.
    for n, text in (('a', 'A 0000 ------------------------ ----\n'),
                    ('b', '\nB 00-- ------------------------ ----\n')):
        with open(os.path.join(tmp, n + '.decode'), 'w') as f:
            f.write(text)
    p = subprocess.run([sys.executable, os.path.abspath(decodegen), '--check', 'a.decode',
                        'b.decode'], capture_output=True, text=True, cwd=tmp)
    ok(p.returncode == 1 and 'b.decode:2: error: B overlaps A (a.decode:1) (in another file)'
       in p.stderr, 'rejects: overlap between two files', p.stderr.strip())


# ---- good tables: the generated decoder against a reading of the table ----

GOOD = r'''
# dispatch, formats, overrides, signed and concatenated fields, functions
%simm      0:s8
%cat       31:1 0:3                 # bit 31 then bits 2..0
%four      8:4 !function=times_4
&abc       a b c
@abc       .... .... -------- ---- a:4 b:4 c:4 &abc
A1         0000 0000 ........ .... .... .... ....  @abc
A2         0000 0001 ........ .... .... .... ----  @abc c=7
A3         0000 0010 ........ .... .... .... ....  @abc a=%four
S          0001 ---- -------- ---- ---- v:s8       # an implicit argument set
C          .101 ---- -------- ---- ---- ---- -...  v=%cat
C          .110 ---- -------- ---- ---- ---- -...  v=%cat
N          0010 ---- -------- ---- ---- --------
{
  !R1      0011 1111 -------- ---- ---- ---- ----
  G1       0011 x:4 -------- ---- ---- ---- ----
  [
    G2     0011 0000 -------- ---- ---- ---- ----  x=0
    G3     0011 0001 -------- ---- ---- ---- ----  x=1
  ]
  {
    G4     0011 --1- -------- ---- ---- ---- ----  x=4
    !R2    0011 --1- -------- ---- ---- ---- ---1
  }
  G5       0011 ---- -------- ---- ---- ---- ----  x=5
}
T          0100 -------- ---- ---- ---- ........  x=%simm
'''
# G1 refuses when x is even and G4 always: the alternatives after them run.


def extract(insn, segs):
    v = None
    for pos, length, signed in segs:
        part = (insn >> pos) & ((1 << length) - 1)
        if signed and part >> (length - 1):
            part -= 1 << length
        v = part if v is None else (v << length) | part
    return v


FUNCS = {'times_4': lambda x: x * 4, 'plus_2': lambda x: x + 2,
         'sysreg_key_op0_1x': lambda x: x | 0x8000,
         'ldst_option_from_bits': lambda x: (x & 2) << 1 | 2 | (x & 1)}


def reference(dg, parser, insn, refuse):
    """The table read literally: (name, args) of the handler that takes insn, or
    ('!name', None) for a reserved pattern, or (None, None)."""
    def args_of(p):
        out = []
        for k, v in p.args.items():
            if isinstance(v, dg.Field):
                x = extract(insn, v.segs)
                if v.func:
                    x = FUNCS[v.func](x)
            else:
                x = v
            out.append((k, x))
        return out

    def match(p):
        return insn & p.fixedmask == p.fixedbits

    def walk(item):
        # -> ('take', name, args) | ('undef',name) | None (no match / refused)
        if isinstance(item, dg.Pattern):
            if not match(item):
                return None
            if item.reserved:
                return ('undef', item.name)
            a = args_of(item)
            if refuse(item.name, dict(a)):
                return None
            return ('take', item.name, a)
        for m in item.members:
            r = walk(m)
            if r:
                return r
        return None

    r = walk(parser.top)
    if not r:
        return (None, None)
    if r[0] == 'undef':
        return ('!' + r[1], None)
    return (r[1], r[2])


def refuse_good(name, a):
    return (name == 'G1' and a['x'] % 2 == 0) or name == 'G4'


def build_and_compare(dg, cc, tmp, label, path, refuse, refuse_c, nrand=20000, seed=1):
    parser = dg.Parser(path, open(path).read()).parse()
    em = dg.Emitter(parser)
    code = em.generate('decode_test', os.path.basename(path))
    stubs = em.stubs(os.path.basename(path))
    checks = []
    for name, p in parser.by_name.items():
        members = (parser.argsets[p.argset][0] if p.argset else list(p.args))
        fmt = ''.join(' %s=%%d' % m for m in members)
        vals = ''.join(', (a)->%s' % m for m in members)
        checks.append('#define STUB_CHECK_%s(s, a) (printf(" %%s%s", "%s"%s), !(%s))'
                      % (name, fmt, name, vals, refuse_c.get(name, '0')))
    harness = r'''
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
typedef struct DisasContext { int unused; } DisasContext;
static int times_4(DisasContext *s, int x) { return x * 4; }
static int plus_2(DisasContext *s, int x) { return x + 2; }
static int sysreg_key_op0_1x(DisasContext *s, int x) { return x | 0x8000; }
static int ldst_option_from_bits(DisasContext *s, int x) { return (x & 2) << 1 | 2 | (x & 1); }
static const char *reserved;
#define DECODE_UNDEF(name) (reserved = #name)
static bool decode_stub_hit(DisasContext *s, const char *name, bool ok)
{
    printf(ok ? " +" : " -");
    return ok;
}
%s
#include "gen.c.inc"
#include "stubs.c.inc"
int main(void)
{
    DisasContext s;
    unsigned w;
    while (scanf("%%x", &w) == 1) {
        reserved = NULL;
        bool r = decode_test(&s, w);
        printf(" => %%d %%s\n", r, reserved ? reserved : "-");
    }
    return 0;
}
''' % '\n'.join(checks)
    d = os.path.join(tmp, label)
    os.makedirs(d, exist_ok=True)
    for n, t in (('gen.c.inc', code), ('stubs.c.inc', stubs), ('main.c', harness)):
        with open(os.path.join(d, n), 'w') as f:
            f.write(t)
    exe = os.path.join(d, 'dec')
    p = subprocess.run(cc + ['-std=gnu11', '-O1', '-Wall', '-Wextra', '-Werror',
                             '-Wno-unused-parameter', '-Wno-unused-function', '-o', exe,
                             os.path.join(d, 'main.c')], capture_output=True, text=True)
    ok(p.returncode == 0, '%s: the generated decoder compiles without warnings' % label,
       p.stderr[-2000:])
    if p.returncode:
        return
    # Words: random, and for each pattern its fixed bits with random other bits
    # and with each fixed bit flipped in turn.
    rng = random.Random(seed)
    words = [rng.getrandbits(32) for _ in range(nrand)]
    for q in parser.patterns:
        for _ in range(8):
            w = q.fixedbits | (rng.getrandbits(32) & ~q.fixedmask)
            words.append(w)
            for b in range(32):
                if q.fixedmask >> b & 1:
                    words.append(w ^ (1 << b))
    p = subprocess.run([exe], input='\n'.join('%x' % w for w in words) + '\n',
                       capture_output=True, text=True)
    lines = p.stdout.split('\n')
    bad = []
    for w, line in zip(words, lines):
        name, args = reference(dg, parser, w, refuse)
        got = parse_line(line)
        if name is None:
            want = (None, '-')
        elif name.startswith('!'):
            want = ('!', name[1:])
        else:
            st = parser.by_name[name]
            members = parser.argsets[st.argset][0] if st.argset else list(st.args)
            a = dict(args)
            want = ('%s%s' % (name, ''.join(' %s=%d' % (m, a[m]) for m in members)), '-')
        if got != want:
            bad.append('%08x: table says %s, decoder says %s' % (w, want, got))
    ok(len(lines) > len(words) and not bad,
       '%s: %d words decode as the table reads' % (label, len(words)), '\n'.join(bad[:10]))


def parse_line(line):
    """'NAME a=1 - NAME2 b=2 + => 1 -' -> ('NAME2 b=2', '-'); reserved: ('!', name)."""
    body, _, tail = line.partition(' => ')
    res, rsv = tail.split()
    parts, cur, taken = body.split(), [], None
    for t in parts:
        if t in '+-':
            if t == '+':
                taken = ' '.join(cur)
            cur = []
        else:
            cur.append(t)
    if res == '1':
        return (taken, '-')
    if rsv != '-':
        return ('!', rsv)
    return (None, '-')


def main(argv):
    decodegen, rest = argv[0], argv[1:]
    tables = []
    if '--' in rest:
        i = rest.index('--')
        rest, tables = rest[:i], rest[i + 1:]
    cc = rest or ['cc']
    sys.path.insert(0, os.path.dirname(os.path.abspath(decodegen)))
    import decodegen as dg
    with tempfile.TemporaryDirectory() as tmp:
        test_bad(decodegen, tmp)
        good = os.path.join(tmp, 'good.decode')
        with open(good, 'w') as f:
            f.write(GOOD)
        build_and_compare(dg, cc, tmp, 'good', good, refuse_good,
                          {'G1': '(a)->x % 2 == 0', 'G4': '1'})
        # The real tables: no two overlap (each is checked alone as it is built).
        if tables:
            rc, _, err = run_gen(decodegen, tables, ['--check'])
            ok(rc == 0 and not err, 'the %d tables do not overlap each other' % len(tables),
               err.strip())
        # The real tables, with a refusing handler that makes the ordered
        # groups fall through (YIELD to HINT).
        for t in tables:
            label = os.path.basename(t).replace('.decode', '')
            build_and_compare(dg, cc, tmp, label, t,
                              lambda n, a: n == 'YIELD', {'YIELD': '1'}, nrand=50000)
    print('1..%d' % len(TAP))
    for i, (good_, name, diag) in enumerate(TAP, 1):
        print('%s %d %s' % ('ok' if good_ else 'not ok', i, name))
        if not good_ and diag:
            for line in diag.split('\n'):
                print('# ' + line)
    return 0 if all(t[0] for t in TAP) else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))

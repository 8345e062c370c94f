"""Oracle for test/ansible/units.test.ts: Python's re, crypt and random for a batch of probes."""
import json, re, sys, random, warnings
warnings.filterwarnings('ignore')
import crypt
p = json.load(sys.stdin)
out = {'re': [], 'crypt': [], 'random': [], 'literal': []}
for pat, flags, text, repl in p['re']:
    f = (re.I if 'i' in flags else 0) | (re.M if 'm' in flags else 0) | (re.S if 's' in flags else 0)
    try:
        out['re'].append({'sub': re.sub(pat, repl, text, flags=f), 'search': bool(re.search(pat, text, f)), 'findall': [list(x) if isinstance(x, tuple) else x for x in re.findall(pat, text, f)]})
    except Exception as e:
        out['re'].append({'error': type(e).__name__})
for pw, salt in p['crypt']:
    out['crypt'].append(crypt.crypt(pw, salt))
for seed, kind, n in p['random']:
    r = random.Random(seed)
    if kind == 'randrange': out['random'].append([r.randrange(0, n) for _ in range(20)])
    else:
        l = list(range(n)); r.shuffle(l); out['random'].append(l)
import ast
for s in p['literal']:
    try:
        v = ast.literal_eval(s)
        out['literal'].append(repr(v))
    except Exception as e:
        out['literal'].append('ERROR')
json.dump(out, sys.stdout)

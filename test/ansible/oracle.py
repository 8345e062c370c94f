"""Differential oracle: Ansible 2.14's Templar renders every case (one process for all).
stdin: JSON list of {kind: 'template'|'when'|'file', src, vars (Python literal), opts}; stdout: JSON results."""
import ast, json, os, sys, warnings
warnings.filterwarnings('ignore')
from ansible.parsing.dataloader import DataLoader
from ansible.template import Templar
from ansible.playbook.conditional import Conditional

BASES = (bool, int, float, str, list, tuple, dict, type(None))

def base(v):
    for b in BASES:
        if isinstance(v, b):
            return b.__name__
    return type(v).__name__

def plain(v):
    """Unwrap Ansible's unsafe/lazy types into builtins so repr() matches bosun's."""
    if isinstance(v, bool) or v is None:
        return v
    if isinstance(v, int):
        return int(v)
    if isinstance(v, float):
        return float(v)
    if isinstance(v, str):
        return str(v)
    if isinstance(v, tuple):
        return tuple(plain(x) for x in v)
    if isinstance(v, list):
        return [plain(x) for x in v]
    if isinstance(v, dict):
        return {plain(k): plain(x) for k, x in v.items()}
    return v

loader = DataLoader()
cases = json.load(sys.stdin)
out = []
for c in cases:
    variables = ast.literal_eval(c.get('vars') or '{}')
    try:
        if c['kind'] == 'file':
            loader.set_basedir(os.path.dirname(c['src']))
            from ansible.playbook.task import Task
            raise RuntimeError('file cases go through ansible-playbook')
        t = Templar(loader=loader, variables=variables)
        if c['kind'] == 'when':
            cond = Conditional(loader=loader)
            cond.when = [c['src']]
            r = cond.evaluate_conditional(t, variables)
        else:
            r = t.template(c['src'], convert_bare=bool(c.get('bare')))
        r = plain(r)
        out.append({'ok': True, 'type': base(r), 'repr': repr(r)})
    except Exception as e:
        out.append({'ok': False, 'error': type(e).__name__ + ': ' + str(e).split('\n')[0][:300]})
json.dump(out, sys.stdout)

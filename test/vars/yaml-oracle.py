# Oracle for test/vars/yaml.test.ts: loads each YAML text of a JSON list (stdin) with Ansible's
# own AnsibleLoader and prints a tagged JSON encoding of the Python value.
import json, sys, datetime
from ansible.parsing.yaml.loader import AnsibleLoader
from ansible.parsing.yaml.objects import AnsibleVaultEncryptedUnicode
from ansible.utils.unsafe_proxy import AnsibleUnsafeText
from ansible.parsing.vault import VaultLib, VaultSecret

def enc(v):
    if isinstance(v, AnsibleVaultEncryptedUnicode): return {'v': str(v)}
    if isinstance(v, AnsibleUnsafeText): return {'u': str(v)}
    if isinstance(v, bool): return {'b': v}
    if v is None: return {'n': 1}
    if isinstance(v, int): return {'i': str(v)}
    if isinstance(v, float): return {'f': repr(v)}
    if isinstance(v, str): return {'s': str(v)}
    if isinstance(v, (datetime.date, datetime.datetime)): return {'s': str(v)}
    if isinstance(v, dict): return {'d': [[enc(k), enc(x)] for k, x in v.items()]}
    if isinstance(v, list): return {'l': [enc(x) for x in v]}
    return {'?': repr(v)}

req = json.load(sys.stdin)
secrets = [(s['id'], VaultSecret(s['password'].encode())) for s in req['secrets']]
out = []
for text in req['cases']:
    try:
        loader = AnsibleLoader(text, vault_secrets=secrets)
        out.append(enc(loader.get_single_data()))
    except Exception as e:
        out.append({'error': type(e).__name__})
print(json.dumps(out))

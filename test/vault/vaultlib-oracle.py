# Oracle for test/vault/format.test.ts: Ansible's VaultLib decrypts bosun's vault texts and
# encrypts plaintexts for bosun, all cases of a run in one process (JSON on stdin/stdout).
import base64, json, sys
from ansible.parsing.vault import VaultLib, VaultSecret

req = json.load(sys.stdin)
out = {'decrypted': [], 'encrypted': []}
for c in req['decrypt']:
    vault = VaultLib([(c['id'], VaultSecret(c['password'].encode('utf-8')))])
    out['decrypted'].append(base64.b64encode(vault.decrypt(c['text'].encode())).decode())
for c in req['encrypt']:
    vault = VaultLib([(c['id'], VaultSecret(c['password'].encode('utf-8')))])
    secret = VaultSecret(c['password'].encode('utf-8'))
    out['encrypted'].append(vault.encrypt(base64.b64decode(c['plain']), secret=secret, vault_id=c['id']).decode())
print(json.dumps(out))

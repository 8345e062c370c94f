/** Ansible's vault/unvault filters over bosun's vault implementation (format 1.2, AES256). */
import { pyfunc, type PyFunction } from '../../py/callable.js';
import { pyStr } from '../../py/repr.js';
import { resolve, UnsafeText, type PyValue } from '../../py/values.js';
import { TemplateRuntimeError } from '../../jinja/errors.js';
import { decrypt, isEncrypted, secret as makeSecret } from '../../vault/index.js';
import { encryptBytes } from '../../vault/format.js';

const str = (v: PyValue): string =>
  typeof v === 'string' ? v : v instanceof UnsafeText ? v.value : pyStr(v);

export function vaultFilters(): [string, PyFunction][] {
  return [
    [
      'vault',
      pyfunc(
        "data, secret, salt=None, vaultid='filter_default', wrap_object=False",
        (_c, data, secret, salt, vaultid) => {
          const d = resolve(data);
          if (typeof d !== 'string' && !(d instanceof UnsafeText))
            throw new TemplateRuntimeError(
              `Can only vault strings, instead we got ${pyStr(d === null ? 'None' : d)}`,
            );
          const id = str(vaultid);
          // Ansible uses the salt's UTF-8 bytes as the PBKDF2 salt: the same salt, the same vault text.
          const s = salt === null ? undefined : str(resolve(salt));
          if (s === '')
            throw new TemplateRuntimeError(
              'Unable to encrypt: Empty or invalid salt passed to encrypt()',
            );
          const sec = makeSecret(id, str(secret));
          const text = encryptBytes(
            Buffer.from(str(d), 'utf8'),
            Buffer.from(sec.password, 'utf8'),
            sec.id,
            s === undefined ? undefined : Buffer.from(s, 'utf8'),
          );
          return text.replace(/\n$/, '') + '\n';
        },
      ),
    ],
    [
      'unvault',
      pyfunc("vault, secret, vaultid='filter_default'", (_c, vault, secret, vaultid) => {
        const v = str(resolve(vault));
        // Ansible 2.14 returns text that is not vault-encrypted unchanged.
        if (!isEncrypted(v)) return v;
        try {
          return decrypt(v, [makeSecret(str(vaultid), str(secret))]);
        } catch (e) {
          throw new TemplateRuntimeError(`Unable to decrypt: ${(e as Error).message}`);
        }
      }),
    ],
  ];
}

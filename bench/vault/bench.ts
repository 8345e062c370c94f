// bosun vault benchmark, one run, both peers on the same files:
//  1. CLI: `bosun vault view` vs `ansible-vault view` vs bare `node -e 0` (the floor), medians.
//  2. In-process: decrypting a 10 MiB vault vs Node's crypto alone doing PBKDF2 + AES-256-CTR.
// Run: npm run build && node --import tsx bench/vault/bench.ts [cliRuns]
import { spawnSync } from 'node:child_process';
import { createDecipheriv, pbkdf2Sync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decryptWith, encrypt } from '../../src/vault/index.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(ROOT, 'dist/bosun-cli.cjs');
const runs = Number(process.argv[2] ?? 15);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function timeCommand(cmd: string, args: string[]): number {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr.toString()}`);
  return ms;
}

const dir = mkdtempSync(path.join(tmpdir(), 'bosun-vault-bench-'));
try {
  const pwFile = path.join(dir, 'pw');
  writeFileSync(pwFile, 'bench password\n');
  const secret = { id: 'default', password: 'bench password' };
  const vaultFile = path.join(dir, 'prod.yml');
  writeFileSync(vaultFile, encrypt('db_password: s3cret\napi_key: abcdef\n'.repeat(20), secret));

  const samples = { node: [] as number[], bosun: [] as number[], ansible: [] as number[] };
  for (let i = 0; i < runs; i++) {
    // Interleaved so machine load affects all three alike.
    samples.node.push(timeCommand(process.execPath, ['-e', '0']));
    samples.bosun.push(
      timeCommand(process.execPath, [
        BIN,
        'vault',
        'view',
        '--vault-password-file',
        pwFile,
        vaultFile,
      ]),
    );
    samples.ansible.push(
      timeCommand('/usr/bin/ansible-vault', ['view', '--vault-password-file', pwFile, vaultFile]),
    );
  }
  const [n, b, a] = [median(samples.node), median(samples.bosun), median(samples.ansible)];
  console.log(
    `CLI view (median of ${runs}): node -e 0 ${n.toFixed(1)} ms | bosun ${b.toFixed(1)} ms | ansible-vault ${a.toFixed(1)} ms`,
  );
  console.log(
    `  ansible-vault / bosun = ${(a / b).toFixed(2)}x; bosun work beyond bare node = ${(b - n).toFixed(1)} ms (incl. PBKDF2)`,
  );

  const plain = randomBytes(5 * 1024 * 1024).toString('hex'); // 10 MiB of text
  // From the file's bytes, as bosun reads a vault file (no text decoding of 40 MiB of hex).
  const big = Buffer.from(encrypt(plain, secret), 'latin1');
  const pwBuf = Buffer.from(secret.password);
  const salt = randomBytes(32);
  const cipherBytes = randomBytes(plain.length + 16);
  const ours: number[] = [];
  const raw: number[] = [];
  for (let i = 0; i < 15; i++) {
    let t = process.hrtime.bigint();
    const out = decryptWith(big, [secret]).plaintext;
    ours.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (out.length !== plain.length) throw new Error('bad decryption');
    t = process.hrtime.bigint();
    const k = pbkdf2Sync(pwBuf, salt, 10000, 80, 'sha256');
    const d = createDecipheriv('aes-256-ctr', k.subarray(0, 32), k.subarray(64));
    Buffer.concat([d.update(cipherBytes), d.final()]);
    raw.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  const [o, r] = [median(ours), median(raw)];
  // The same vault decrypted in-process by Ansible's VaultLib, for context.
  const bigFile = path.join(dir, 'big.vault');
  writeFileSync(bigFile, big);
  const py = spawnSync(
    '/usr/bin/python3',
    [
      '-c',
      [
        'import sys, time',
        'from ansible.parsing.vault import VaultLib, VaultSecret',
        'v = VaultLib([("default", VaultSecret(b"bench password"))]); data = open(sys.argv[1], "rb").read(); ts = []',
        'for _ in range(3):\n    t = time.perf_counter(); v.decrypt(data); ts.append((time.perf_counter() - t) * 1000)',
        'print(sorted(ts)[1])',
      ].join('\n'),
      bigFile,
    ],
    { encoding: 'utf8' },
  );
  const ansibleMs = Number(py.stdout.trim());
  console.log(
    `10 MiB in-process decryption (median of 15): bosun ${o.toFixed(1)} ms | PBKDF2+AES-CTR alone ${r.toFixed(1)} ms | ratio ${(o / r).toFixed(2)}x | Ansible VaultLib ${ansibleMs.toFixed(1)} ms (${(ansibleMs / o).toFixed(2)}x bosun)`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}

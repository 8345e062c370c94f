// tmpfiles.d applied by bosun and by Debian's systemd-tmpfiles (--root, on a copy of the same
// tree): the resulting trees must be identical (paths, types, modes, owners, link targets, contents).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { tempDir } from '../helpers/tmp.js';
import { applyTmpfiles } from '../../src/supervise/tmpfiles.js';
import { runCli } from '../helpers/cli-inprocess.js';
import { supervise, unitRoot } from './helpers.js';
import { expandTmpfilesSpecifiers } from '../../src/supervise/tmpfiles-parse.js';

function put(root: string, file: string, text: string): void {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), text);
}

function fixture(): string {
  const root = tempDir('bosun-tmpfiles-');
  put(root, 'etc/passwd', 'root:x:0:0:root:/root:/bin/sh\nsvc:x:1234:1234::/home/svc:/bin/sh\n');
  put(root, 'etc/group', 'root:x:0:\nsvc:x:1234:\nproxy:x:13:\n');
  put(root, 'etc/machine-id', '0123456789abcdef0123456789abcdef\n');
  put(root, 'usr/share/factory/etc/issue', 'factory issue\n');
  put(root, 'srv/src/tree/a.txt', 'a\n');
  put(root, 'var/old/keep.log', 'x');
  put(root, 'var/old/drop.tmp', 'x');
  put(root, 'var/gone/sub/file', 'x');
  put(root, 'run/dcontent/stale', 'x');
  put(root, 'srv/existing.txt', 'old');
  put(root, 'srv/append.txt', 'start\n');
  put(root, 'srv/chmod/a', 'x');
  put(root, 'srv/chmod/sub/b', 'x');
  mkdirSync(path.join(root, 'srv/masked'), { recursive: true });
  // Precedence: /etc overrides /usr/lib; /run overrides /usr/lib; a /dev/null link masks.
  put(root, 'usr/lib/tmpfiles.d/redis.conf', 'd /run/redis 0700 svc svc -\n');
  put(root, 'etc/tmpfiles.d/redis.conf', 'd /run/redis 2755 svc svc -\n');
  put(root, 'usr/lib/tmpfiles.d/squid.conf', 'd /run/squid 0700 - - -\n');
  put(root, 'run/tmpfiles.d/squid.conf', 'd /run/squid 0775 root proxy -\n');
  put(root, 'usr/lib/tmpfiles.d/masked.conf', 'd /srv/masked/never 0700\n');
  mkdirSync(path.join(root, 'etc/tmpfiles.d'), { recursive: true });
  symlinkSync('/dev/null', path.join(root, 'etc/tmpfiles.d/masked.conf'));
  put(
    root,
    'usr/local/lib/tmpfiles.d/10-types.conf',
    [
      '# every type a container boot uses',
      'd /run/php 0755 svc svc -',
      'd /run/defaults - - - 10d',
      'D /run/dcontent 0750 root svc -',
      'e /var/old 0700 - - -',
      'v /var/lib/sub 0711',
      'q /var/lib/subq',
      'Q /var/lib/subQ 0701',
      'f /run/new.pid 0640 svc proxy - hello\\nworld',
      'f /srv/existing.txt 0600 - - - ignored',
      'f+ /run/truncated 0644 - - - new content',
      'F /run/bigF - - - - F',
      'w /srv/existing.txt - - - - written',
      'w+ /srv/append.txt - - - - more',
      'w /srv/absent.txt - - - - nothing',
      'L /run/link - - - - /srv/target',
      'L+ /srv/existing-link - - - - /elsewhere',
      'L /etc/issue',
      'C /srv/copied - - - - /srv/src/tree',
      'p /run/fifo 0600 svc -',
      'z /srv/chmod 0711 svc - -',
      'Z /srv/chmod/sub 0700 - proxy -',
      'r /var/old/*.tmp',
      'R /var/gone',
      'x /var/old/keep.log',
      'd /run/spec/%m/%b/%H 0755',
      'd /run/spec2/%T/%V/%h/%% 0755',
      'f /run/args.txt 0644 - - - m=%m h=%h\\x41',
      'd /run/tilde ~0775',
      'd /run/colon :0700',
      'd! /run/bootonly 0710',
      'd- /run/ignored/x 0755 nosuchuser',
      'd /run/bad 0755 nosuchuser',
      'd /run/byid 0750 1234 13',
      '',
    ].join('\n'),
  );
  put(root, 'usr/lib/tmpfiles.d/20-dup.conf', 'd /run/php 0700 root root -\nd /run/dup2 0700\n');
  put(root, 'usr/lib/tmpfiles.d/05-first.conf', 'd /run/dup2 0750\n');
  symlinkSync('/old', path.join(root, 'srv/existing-link'));
  return root;
}

interface Entry {
  type: string;
  mode: string;
  owner: string;
  extra: string;
}

function snapshot(root: string): Map<string, Entry> {
  const out = new Map<string, Entry>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const p = path.join(dir, name);
      const st = lstatSync(p);
      const type = st.isSymbolicLink()
        ? 'link'
        : st.isDirectory()
          ? 'dir'
          : st.isFIFO()
            ? 'fifo'
            : st.isFile()
              ? 'file'
              : 'other';
      const extra =
        type === 'link' ? readlinkSync(p) : type === 'file' ? readFileSync(p, 'utf8') : '';
      out.set(path.relative(root, p), {
        type,
        mode: type === 'link' ? '' : (st.mode & 0o7777).toString(8),
        owner: `${st.uid}:${st.gid}`,
        extra,
      });
      if (type === 'dir') walk(p);
    }
  };
  walk(root);
  return out;
}

/** One line per path, so that a difference shows as the paths that differ. */
function lines(tree: Map<string, Entry>): string[] {
  return [...tree].map(
    ([p, e]) => `${p} ${e.type} ${e.mode} ${e.owner} ${JSON.stringify(e.extra)}`,
  );
}

test('tmpfiles.d: bosun creates the same tree as systemd-tmpfiles --create --remove --boot', async () => {
  const base = fixture();
  const ours = tempDir('bosun-tmpfiles-ours-');
  const theirs = tempDir('bosun-tmpfiles-theirs-');
  cpSync(base, ours, { recursive: true, verbatimSymlinks: true });
  cpSync(base, theirs, { recursive: true, verbatimSymlinks: true });
  try {
    execFileSync('systemd-tmpfiles', [`--root=${theirs}`, '--create', '--remove', '--boot'], {
      stdio: 'pipe',
    });
  } catch {
    /* it exits non-zero for the bad lines, as bosun reports them */
  }
  const logs: string[] = [];
  const failures = await applyTmpfiles({
    root: ours,
    create: true,
    remove: true,
    boot: true,
    log: (_l, m) => logs.push(m),
  });
  assert.ok(failures > 0, 'the line with an unknown user is reported');
  assert.match(logs.join('\n'), /10-types\.conf:33: unknown user 'nosuchuser'/);
  assert.deepEqual(lines(snapshot(ours)), lines(snapshot(theirs)));
});

test('tmpfiles.d specifiers of the system manager, at boot (root /)', () => {
  assert.equal(
    expandTmpfilesSpecifiers('%t %S %C %L %E %T %V %h %%', '/'),
    '/run /var/lib /var/cache /var/log /etc /tmp /var/tmp /root %',
  );
  assert.throws(() => expandTmpfilesSpecifiers('%Y', '/'), /unknown specifier %Y/);
});

test('tmpfiles.d is applied before the first unit starts', async () => {
  const root = unitRoot(
    {
      'writer.service': `[Service]\nType=oneshot\nExecStart=/bin/sh -c 'echo ok > ${'$'}{ROOT}/run/app/ok'\nEnvironment=ROOT=%ROOT%\n`,
    },
    ['writer.service'],
  );
  const unit = path.join(root, 'etc/systemd/system/writer.service');
  writeFileSync(unit, readFileSync(unit, 'utf8').replace('%ROOT%', root));
  put(root, 'usr/lib/tmpfiles.d/app.conf', 'd /run/app 0750 - - -\nd! /run/bootonly\n');
  const sup = supervise(root, { generators: false });
  await sup.ready;
  await sup.stop();
  assert.equal(readFileSync(path.join(root, 'run/app/ok'), 'utf8'), 'ok\n');
  assert.equal(lstatSync(path.join(root, 'run/app')).mode & 0o7777, 0o750);
  assert.ok(lstatSync(path.join(root, 'run/bootonly')).isDirectory());
});

test('systemd-tmpfiles --create [CONFIG…] (multi-call name): not boot-only lines, file:line errors', async () => {
  const root = tempDir('bosun-tmpfiles-cli-');
  put(root, 'etc/tmpfiles.d/x.conf', 'd /run/x 0700\nd! /run/boot\nd /run/y 0700 nosuchuser\n');
  const r = await runCli(['--root', root, '--create', 'x.conf'], {
    cwd: root,
    argv0: '/usr/bin/systemd-tmpfiles',
  });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /x\.conf:3: unknown user 'nosuchuser'/);
  assert.equal(lstatSync(path.join(root, 'run/x')).mode & 0o7777, 0o700);
  assert.throws(() => lstatSync(path.join(root, 'run/boot')));
});

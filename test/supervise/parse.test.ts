// Unit files: syntax, Exec lines, environment expansion, specifiers, the loader (precedence,
// drop-ins, masking, templates), and differential checks against systemd-escape and
// `systemd-analyze verify` (computed at test time).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseExecLine, expandEnvWords } from '../../src/supervise/exec-line.js';
import {
  escapeUnitPart,
  expandSpecifiers,
  parseUnitName,
  unescapeUnitPart,
} from '../../src/supervise/unit-name.js';
import { parseUnitFile, type ParseProblem } from '../../src/supervise/unit-file.js';
import { buildUnitConfig, type UnitConfig } from '../../src/supervise/unit-model.js';
import { UnitLoader } from '../../src/supervise/unit-loader.js';
import { tempDir } from '../helpers/tmp.js';

function config(
  text: string,
  name = 'x.service',
  file = '/etc/systemd/system/x.service',
): { unit: UnitConfig; problems: ParseProblem[] } {
  const problems: ParseProblem[] = [];
  const parsed = parseUnitFile(text, file, problems);
  const unit = buildUnitConfig(parsed, parseUnitName(name)!, file);
  return { unit, problems: [...problems, ...unit.warnings] };
}

test('Exec lines: prefixes, quoting, C escapes, several commands with ;', () => {
  const [a, b] = parseExecLine(`-@/bin/echo name "a b" 'c\\'d' x\\sy ; /bin/true $A \${A}`);
  assert.deepEqual(a, {
    path: '/bin/echo',
    argv0: 'name',
    args: ['a b', "c'd", 'x y'],
    ignoreFailure: true,
    noEnvExpand: false,
    privileged: false,
  });
  assert.deepEqual(b?.args, ['$A', '${A}']);
  const [c] = parseExecLine(':+/bin/sh -c "echo $HOME"');
  assert.equal(c?.noEnvExpand, true);
  assert.equal(c.privileged, true);
  assert.throws(() => parseExecLine('/bin/echo "unterminated'));
});

test('$VAR splits into words and vanishes when unset, ${VAR} stays one word, $$ is a dollar', () => {
  assert.deepEqual(
    expandEnvWords(['$A', '${A}', 'x${A}y', '$$A', '$B', '${B}'], { A: 'one two' }),
    ['one', 'two', 'one two', 'xone twoy', '$A', ''],
  );
});

test('specifiers of a template instance', () => {
  const u = parseUnitName('web@a\\x2db-c.service')!;
  const got = expandSpecifiers('%n|%N|%p|%i|%I|%f|%j|%t|%S|%C|%L|%%', {
    unit: u,
    fragmentPath: '/lib/systemd/system/web@.service',
  });
  assert.equal(
    got,
    'web@a\\x2db-c.service|web@a\\x2db-c|web|a\\x2db-c|a-b/c|/a-b/c|web|/run|/var/lib|/var/cache|/var/log|%',
  );
  const unknown: string[] = [];
  expandSpecifiers('%q', { unit: u }, unknown);
  assert.deepEqual(unknown, ['%q']);
});

test('continuation lines, comments, empty assignment resets a list, unsupported directive and bad line named by file:line', () => {
  const { unit, problems } = config(
    '[Unit]\nDescription=first \\\nsecond\n# comment\n; comment\n[Service]\nExecStart=/bin/a\nExecStart=\nExecStart=/bin/b\nFooBar=1\nbad line\nEnvironment="A=1 2" B=3\n',
  );
  assert.match(unit.description, /^first +second$/);
  assert.deepEqual(
    unit.service!.execStart.map((e) => e.path),
    ['/bin/b'],
  );
  assert.deepEqual(unit.service!.environment, [
    ['A', '1 2'],
    ['B', '3'],
  ]);
  const lines = problems.map((p) => `${p.file}:${p.line}`).sort();
  assert.deepEqual(lines, ['/etc/systemd/system/x.service:10', '/etc/systemd/system/x.service:11']);
});

test('loader: /etc over /lib, drop-ins in order, masking, template instances, .wants links', () => {
  const root = tempDir('bosun-loader-');
  const put = (p: string, text: string): void => {
    mkdirSync(path.dirname(path.join(root, p)), { recursive: true });
    writeFileSync(path.join(root, p), text);
  };
  put('lib/systemd/system/app.service', '[Service]\nExecStart=/bin/lib\n');
  put(
    'etc/systemd/system/app.service',
    '[Unit]\nDescription=etc\n[Service]\nExecStart=/bin/etc\nEnvironment=A=1\n',
  );
  put('lib/systemd/system/app.service.d/10-lib.conf', '[Service]\nEnvironment=B=lib\n');
  put(
    'etc/systemd/system/app.service.d/20-etc.conf',
    '[Service]\nExecStart=\nExecStart=/bin/override\nEnvironment=B=etc\n',
  );
  put('etc/systemd/system/app.service.d/10-lib.conf', '[Service]\nEnvironment=C=shadowed-lib\n');
  put('lib/systemd/system/masked.service', '[Service]\nExecStart=/bin/true\n');
  mkdirSync(path.join(root, 'etc/systemd/system'), { recursive: true });
  symlinkSync('/dev/null', path.join(root, 'etc/systemd/system/masked.service'));
  put(
    'lib/systemd/system/getty@.service',
    '[Unit]\nDescription=tty %I\n[Service]\nExecStart=/sbin/agetty %I\n',
  );
  const loader = new UnitLoader({ root });
  const app = loader.load('app.service');
  assert.equal(app.state, 'loaded');
  assert.equal(app.unit.description, 'etc');
  assert.deepEqual(
    app.unit.service!.execStart.map((e) => e.path),
    ['/bin/override'],
  );
  assert.deepEqual(app.unit.service!.environment, [
    ['A', '1'],
    ['C', 'shadowed-lib'],
    ['B', 'etc'],
  ]);
  assert.equal(loader.load('masked.service').state, 'masked');
  assert.equal(loader.load('nope.service').state, 'not-found');
  const tty = loader.load('getty@tty1.service');
  assert.equal(tty.state, 'loaded');
  assert.equal(tty.unit.description, 'tty tty1');
});

test('unit name escaping matches systemd-escape', () => {
  const inputs = [
    '/dev/sda 1/ä.x',
    '.hidden',
    'plain',
    'a-b_c:d.e',
    'with/slash',
    'tab\there',
    '-leading',
    'ünï cødé',
    '100%',
  ];
  const theirs = inputs.map((s) =>
    execFileSync('systemd-escape', ['--', s], { encoding: 'utf8' }).trim(),
  );
  assert.deepEqual(inputs.map(escapeUnitPart), theirs);
  for (const e of theirs) {
    const back = execFileSync('systemd-escape', ['--unescape', '--', e], {
      encoding: 'utf8',
    }).replace(/\n$/, '');
    assert.equal(unescapeUnitPart(e), back, e);
  }
});

test('the lines systemd-analyze verify rejects are the lines bosun reports', () => {
  const dir = tempDir('bosun-verify-');
  const file = path.join(dir, 'bad.service');
  const text =
    [
      '[Unit]',
      'Description=bad on purpose',
      'After=network.target',
      '[Service]',
      'ExecStart=/bin/true',
      'bad line',
      'Restart=sometimes',
      'Type=weird',
      'TimeoutStopSec=abc',
      'RestartSec=soon',
      'KillMode=gentle',
      'RemainAfterExit=perhaps',
      'StartLimitBurst=many',
      'UMask=999',
      'Environment=OK=1',
      'LimitNOFILE=lots',
      'WatchdogSec=1x',
      'User=root',
      // Last: systemd stops parsing the file at this fatal error and refuses the unit.
      'ExecStartPre=/bin/echo "unterminated',
    ].join('\n') + '\n';
  writeFileSync(file, text);
  const r = spawnSync('systemd-analyze', ['verify', '--man=no', file], { encoding: 'utf8' });
  const theirs = [
    ...new Set([...r.stderr.matchAll(/^.*bad\.service:(\d+): /gm)].map((m) => Number(m[1]))),
  ].sort((a, b) => a - b);
  assert.ok(theirs.length >= 8, `oracle flagged lines: ${theirs.join(',')}`);
  const { problems } = config(text, 'bad.service', file);
  const ours = [...new Set(problems.map((p) => p.line))].sort((a, b) => a - b);
  assert.deepEqual(ours, theirs);
  assert.match(r.stderr, /bad unit file setting|fatal error/);
  assert.equal(
    new UnitLoader({ root: '/', searchPath: [dir] }).load('bad.service').state,
    'bad-setting',
    'refused like systemd',
  );
});

// OnCalendar= expressions: bosun's next elapse times against `systemd-analyze calendar`
// (Debian's systemd), computed at test time from the same base time, in one oracle call.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { CalendarError, nextElapse, parseCalendar } from '../../src/supervise/calendar.js';

process.env.TZ = 'UTC'; // both sides in UTC; Node re-reads TZ on assignment

const SPECS = [
  'minutely',
  'hourly',
  'daily',
  'weekly',
  'monthly',
  'yearly',
  'quarterly',
  'semiannually',
  '*:0/15',
  '*-*-* 10:00',
  'Mon..Fri *-*-* 10:00',
  'Sat,Sun 12:30',
  '*-*-01 03:00:00',
  '2027-02-28 23:59:59',
  '*-02-29 00:00',
  '*-*-* 08..10:00,30:00',
  '*-*-1/7 06:00',
  'Wed *-*-* 00:00:00',
  'Fri *-*-13 13:13',
  '*-01,04,07,10-15 12:00',
  '*:*:0/20',
  '04:00',
  '*-12-25',
  'Mon,Wed,Fri 07:15',
  'Thu..Sat 23:00',
];
const ITERATIONS = 6;
const BASE = '2026-03-10 11:22:33';

function oracle(): Map<string, number[]> {
  const out = execFileSync(
    'systemd-analyze',
    ['calendar', `--base-time=${BASE}`, `--iterations=${ITERATIONS}`, ...SPECS],
    {
      encoding: 'utf8',
      env: { ...process.env, TZ: 'UTC', LC_ALL: 'C' },
    },
  );
  // One block per expression, in argument order, separated by blank lines ("Original form" is
  // omitted when it equals the normalized form, so blocks are matched by position).
  const result = new Map<string, number[]>();
  const blocks = out.split(/\n\s*\n/).filter((b) => b.trim());
  blocks.forEach((block, i) => {
    const times: number[] = [];
    for (const line of block.split('\n')) {
      const at = /^\s*(?:Next elapse|Iter\. #\d+): \w+ (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) UTC$/.exec(
        line,
      );
      if (at) times.push(Date.parse(`${at[1]!.replace(' ', 'T')}Z`));
    }
    result.set(SPECS[i]!, times);
  });
  return result;
}

test('OnCalendar next elapses match systemd-analyze calendar', () => {
  const expected = oracle();
  assert.equal(expected.size, SPECS.length, 'one oracle block per expression');
  const base = new Date(Date.parse(`${BASE.replace(' ', 'T')}Z`));
  for (const spec of SPECS) {
    const parsed = parseCalendar(spec);
    const got: number[] = [];
    let after = base;
    for (let i = 0; i < ITERATIONS; i++) {
      const next = nextElapse(parsed, after);
      if (!next) break;
      got.push(next.getTime());
      after = next;
    }
    const want = expected.get(spec);
    assert.ok(want, `oracle has ${spec}`);
    assert.deepEqual(
      got.map((t) => new Date(t).toISOString()),
      want.map((t) => new Date(t).toISOString()),
      spec,
    );
  }
});

test('bad calendar expressions are rejected like systemd-analyze does', () => {
  for (const bad of ['*-13-01', '25:00', 'Funday 10:00', '*-*-* 10:61']) {
    assert.throws(() => parseCalendar(bad), CalendarError, bad);
    let oracleRejects = false;
    try {
      execFileSync('systemd-analyze', ['calendar', bad], { stdio: 'pipe' });
    } catch {
      oracleRejects = true;
    }
    assert.ok(oracleRejects, `systemd-analyze also rejects ${bad}`);
  }
});

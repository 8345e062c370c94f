/**
 * Limit*= as systemd's setrlimit_closest() applies them: a limit the kernel refuses (above the
 * hard limit without CAP_SYS_RESOURCE, LimitNOFILE= above fs.nr_open even for root) is lowered
 * to the current hard limit, with a log line, instead of failing the unit. The limits are set
 * by prlimit in the child, so the refusal is predicted here from /proc.
 */
import { readFileSync } from 'node:fs';

/** prlimit resource names in the order of /proc/self/limits. */
const ORDER = [
  'cpu',
  'fsize',
  'data',
  'stack',
  'core',
  'rss',
  'nproc',
  'nofile',
  'memlock',
  'as',
  'locks',
  'sigpending',
  'msgqueue',
  'nice',
  'rtprio',
  'rttime',
];
const CAP_SYS_RESOURCE = 24n;

function read(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** The supervisor's current hard limits (Infinity for unlimited), by resource. */
function hardLimits(text = read('/proc/self/limits')): Map<string, number> {
  const out = new Map<string, number>();
  const rows = text.split('\n').slice(1).filter(Boolean);
  rows.forEach((row, i) => {
    const name = ORDER[i];
    const m = /^Max .+?\s{2,}(\S+)\s+(\S+)/.exec(row);
    if (name && m) out.set(name, m[2] === 'unlimited' ? Infinity : Number(m[2]));
  });
  return out;
}

function hasSysResource(): boolean {
  const m = /^CapEff:\s*([0-9a-f]+)/m.exec(read('/proc/self/status'));
  return m ? ((BigInt(`0x${m[1]!}`) >> CAP_SYS_RESOURCE) & 1n) === 1n : false;
}

const value = (v: string): number => (v === 'unlimited' ? Infinity : Number(v));
const text = (n: number): string => (n === Infinity ? 'unlimited' : String(n));

/** The limits to set: each one the kernel would refuse lowered to the hard limit we have. */
export function clampLimits(
  limits: ReadonlyMap<string, [string, string]>,
  log: (message: string) => void,
): Map<string, [string, string]> {
  const hard = hardLimits();
  const privileged = hasSysResource();
  const nrOpen = Number(read('/proc/sys/fs/nr_open').trim()) || 1048576;
  const out = new Map<string, [string, string]>();
  for (const [resource, [soft, hardWanted]] of limits) {
    const current = hard.get(resource) ?? Infinity;
    const want = value(hardWanted);
    const refused =
      (resource === 'nofile' && Math.max(want, value(soft)) > nrOpen) ||
      (!privileged && want > current);
    // As systemd: an unlimited hard limit means the refusal had another reason; keep the error.
    if (!refused || current === Infinity) {
      out.set(resource, [soft, hardWanted]);
      continue;
    }
    const fixed: [string, string] = [
      text(Math.min(value(soft), current)),
      text(Math.min(want, current)),
    ];
    log(
      `failed at setting rlimit ${soft}:${hardWanted} for resource RLIMIT_${resource.toUpperCase()}; will attempt setting value ${fixed.join(':')} instead`,
    );
    out.set(resource, fixed);
  }
  return out;
}

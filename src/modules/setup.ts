/**
 * setup: the local facts roles use (distribution, os_family, architecture, env, hostname, user,
 * date_time, virtualization — `docker` inside containers…). There is no Python: `python` facts
 * are absent.
 */
import { DAYS, MONTHS } from '../py/strftime.js';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import type { ModuleDef } from './types.js';

const OS_FAMILY: Record<string, string> = {
  debian: 'Debian',
  ubuntu: 'Debian',
  linuxmint: 'Debian',
  raspbian: 'Debian',
  kali: 'Debian',
  devuan: 'Debian',
  pop: 'Debian',
  rhel: 'RedHat',
  centos: 'RedHat',
  fedora: 'RedHat',
  rocky: 'RedHat',
  almalinux: 'RedHat',
  ol: 'RedHat',
  amzn: 'RedHat',
  alpine: 'Alpine',
  arch: 'Archlinux',
  opensuse: 'Suse',
  'opensuse-leap': 'Suse',
  sles: 'Suse',
  gentoo: 'Gentoo',
};
const DIST_NAME: Record<string, string> = {
  debian: 'Debian',
  ubuntu: 'Ubuntu',
  centos: 'CentOS',
  fedora: 'Fedora',
  rhel: 'RedHat',
  alpine: 'Alpine',
  arch: 'Archlinux',
  rocky: 'Rocky',
  almalinux: 'AlmaLinux',
  amzn: 'Amazon',
};

function osRelease(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of ['/etc/os-release', '/usr/lib/os-release']) {
    if (!existsSync(f)) continue;
    for (const line of readFileSync(f, 'utf8').split('\n')) {
      const m = /^(\w+)=(.*)$/.exec(line);
      if (m) out[m[1]!] = m[2]!.replace(/^["']|["']$/g, '');
    }
    break;
  }
  return out;
}

function virtualization(): { type: string; role: string } {
  if (existsSync('/.dockerenv')) return { type: 'docker', role: 'guest' };
  try {
    const cg = readFileSync('/proc/1/cgroup', 'utf8');
    if (/docker|containerd/.test(cg)) return { type: 'docker', role: 'guest' };
    if (/lxc/.test(cg)) return { type: 'lxc', role: 'guest' };
  } catch {
    /* not Linux */
  }
  if (existsSync('/run/.containerenv')) return { type: 'podman', role: 'guest' };
  return { type: '', role: '' };
}

function dateTime(d: Date): Record<string, string> {
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  const off = -d.getTimezoneOffset();
  return {
    year: String(d.getFullYear()),
    month: p(d.getMonth() + 1),
    day: p(d.getDate()),
    hour: p(d.getHours()),
    minute: p(d.getMinutes()),
    second: p(d.getSeconds()),
    epoch: String(Math.floor(d.getTime() / 1000)),
    epoch_int: String(Math.floor(d.getTime() / 1000)),
    date: `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`,
    time: `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`,
    iso8601: d.toISOString().replace(/\.\d+Z$/, 'Z'),
    iso8601_micro: d.toISOString().replace(/(\.\d+)Z$/, '$1000Z'),
    iso8601_basic: `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}T${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}${p(d.getMilliseconds() * 1000, 6)}`,
    iso8601_basic_short: `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}T${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`,
    tz:
      Intl.DateTimeFormat().resolvedOptions().timeZone === 'UTC'
        ? 'UTC'
        : (Intl.DateTimeFormat('en', { timeZoneName: 'short' })
            .formatToParts(d)
            .find((x) => x.type === 'timeZoneName')?.value ?? ''),
    tz_offset: `${off >= 0 ? '+' : '-'}${p(Math.floor(Math.abs(off) / 60))}${p(Math.abs(off) % 60)}`,
    weekday: DAYS[d.getDay()]!,
    weekday_number: String(d.getDay()),
    weeknumber: p(
      Math.floor(
        (Number(new Date(d.getFullYear(), d.getMonth(), d.getDate())) -
          Number(new Date(d.getFullYear(), 0, 1))) /
          604800000,
      ),
    ),
    month_name: MONTHS[d.getMonth()]!,
  };
}

function read(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** Network facts: interfaces, all IPv4/IPv6 addresses, default_ipv4 (interface of the default route). */
function network(): Record<string, unknown> {
  const ifs = os.networkInterfaces();
  const v4: string[] = [];
  const v6: string[] = [];
  for (const [, addrs] of Object.entries(ifs))
    for (const a of addrs ?? []) {
      if (a.internal) continue;
      (a.family === 'IPv4' ? v4 : v6).push(a.address);
    }
  let defaultIf = '';
  let gateway = '';
  for (const line of read('/proc/net/route').split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f[1] === '00000000' && f[2]) {
      defaultIf = f[0]!;
      gateway = (f[2].match(/../g) ?? [])
        .reverse()
        .map((h) => parseInt(h, 16))
        .join('.');
      break;
    }
  }
  const def = (ifs[defaultIf] ?? []).find((a) => a.family === 'IPv4');
  const dns: Record<string, unknown> = {};
  for (const line of read('/etc/resolv.conf').split('\n')) {
    const [k, ...rest] = line.trim().split(/\s+/);
    if (k === 'nameserver') ((dns.nameservers ??= []) as string[]).push(rest[0]!);
    if (k === 'search') dns.search = rest;
  }
  return {
    interfaces: Object.keys(ifs),
    all_ipv4_addresses: v4,
    all_ipv6_addresses: v6,
    dns,
    default_ipv4: def
      ? {
          address: def.address,
          alias: defaultIf,
          gateway,
          interface: defaultIf,
          macaddress: def.mac,
          netmask: def.netmask,
          network: def.cidr?.split('/')[0] ?? '',
        }
      : {},
  };
}

function lsb(rel: Record<string, string>): Record<string, string> {
  if (!rel.ID) return {};
  return {
    codename: rel.VERSION_CODENAME ?? '',
    description: rel.PRETTY_NAME ?? '',
    id: DIST_NAME[rel.ID.toLowerCase()] ?? rel.ID,
    major_release: (rel.VERSION_ID ?? '').split('.')[0] ?? '',
    release: rel.VERSION_ID ?? '',
  };
}

function gatherFacts(): Record<string, unknown> {
  const rel = osRelease();
  const id = (rel.ID ?? 'linux').toLowerCase();
  const user = os.userInfo();
  const hostname = os.hostname();
  const arch = os.arch() === 'x64' ? 'x86_64' : os.arch() === 'arm64' ? 'aarch64' : os.arch();
  const version = rel.VERSION_ID ?? '';
  let debVersion = version;
  if (id === 'debian' && existsSync('/etc/debian_version'))
    debVersion = readFileSync('/etc/debian_version', 'utf8').trim();
  const virt = virtualization();
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  const cpus = os.cpus().length;
  const sockets =
    new Set(
      read('/proc/cpuinfo')
        .split('\n')
        .filter((l) => l.startsWith('physical id'))
        .map((l) => l.split(':')[1]!.trim()),
    ).size || 1;
  const mem = Object.fromEntries(
    read('/proc/meminfo')
      .split('\n')
      .map((l) => /^(\w+):\s+(\d+)/.exec(l))
      .filter((m): m is RegExpExecArray => !!m)
      .map((m) => [m[1]!, Math.floor(Number(m[2]) / 1024)]),
  );
  const cmdline = read('/proc/cmdline').trim();
  const cmd: Record<string, string | boolean> = {};
  for (const t of cmdline.split(/\s+/).filter(Boolean)) {
    const i = t.indexOf('=');
    cmd[i < 0 ? t : t.slice(0, i)] = i < 0 ? true : t.slice(i + 1);
  }
  return {
    distribution: DIST_NAME[id] ?? (rel.NAME ?? 'Linux').split(' ')[0],
    distribution_version: debVersion,
    distribution_major_version: (debVersion || version).split('.')[0] ?? '',
    distribution_release: rel.VERSION_CODENAME ?? '',
    distribution_file_variety: OS_FAMILY[id] ?? '',
    os_family: OS_FAMILY[id] ?? DIST_NAME[id] ?? 'Linux',
    system: os.type(),
    kernel: os.release(),
    kernel_version: os.version(),
    architecture: arch,
    machine: arch,
    userspace_architecture: arch,
    userspace_bits: '64',
    hostname: hostname.split('.')[0],
    nodename: hostname,
    fqdn: hostname,
    domain: hostname.split('.').slice(1).join('.'),
    env,
    user_id: user.username,
    user_uid: user.uid,
    user_gid: user.gid,
    user_dir: user.homedir,
    user_shell: user.shell ?? '',
    date_time: dateTime(new Date()),
    processor_count: sockets,
    processor_cores: Math.max(1, Math.floor(cpus / sockets)),
    processor_vcpus: cpus,
    processor_nproc: cpus,
    processor_threads_per_core: 1,
    effective_user_id: process.geteuid?.() ?? user.uid,
    effective_group_id: process.getegid?.() ?? user.gid,
    real_user_id: user.uid,
    real_group_id: user.gid,
    user_gecos:
      (
        read('/etc/passwd')
          .split('\n')
          .find((l) => l.startsWith(`${user.username}:`)) ?? ''
      ).split(':')[4] ?? '',
    machine_id: read('/etc/machine-id').trim(),
    uptime_seconds: Math.floor(os.uptime()),
    loadavg: { '1m': os.loadavg()[0], '5m': os.loadavg()[1], '15m': os.loadavg()[2] },
    swaptotal_mb: mem.SwapTotal ?? 0,
    swapfree_mb: mem.SwapFree ?? 0,
    memory_mb: {
      real: {
        total: mem.MemTotal ?? 0,
        free: mem.MemFree ?? 0,
        used: (mem.MemTotal ?? 0) - (mem.MemFree ?? 0),
      },
      swap: { total: mem.SwapTotal ?? 0, free: mem.SwapFree ?? 0 },
    },
    cmdline: cmd,
    proc_cmdline: cmd,
    lsb: lsb(rel),
    distribution_minor_version: debVersion.split('.')[1] ?? 'NA',
    is_chroot: false,
    ...network(),
    memtotal_mb: Math.floor(os.totalmem() / 1048576),
    memfree_mb: Math.floor(os.freemem() / 1048576),
    virtualization_type: virt.type,
    virtualization_role: virt.role,
    pkg_mgr: existsSync('/usr/bin/apt-get')
      ? 'apt'
      : existsSync('/usr/bin/dnf')
        ? 'dnf'
        : existsSync('/sbin/apk')
          ? 'apk'
          : 'unknown',
    service_mgr: existsSync('/run/systemd/system') ? 'systemd' : 'service',
    selinux: { status: 'disabled' },
    fips: false,
    local: {},
    os_release: rel,
  };
}

export const setup: ModuleDef = {
  name: 'setup',
  spec: {
    gather_subset: { type: 'list', default: ['all'] },
    filter: { type: 'list', default: [] },
    gather_timeout: { type: 'int', default: 10 },
    fact_path: { type: 'path' },
  },
  supportsCheck: true,
  run(args) {
    const facts = gatherFacts();
    const filters = (args.filter as string[]).filter(Boolean);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(facts)) {
      const name = `ansible_${k}`;
      if (
        filters.length &&
        !filters.some((f) =>
          new RegExp('^' + f.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*') + '$').test(
            name,
          ),
        )
      )
        continue;
      out[name] = v;
    }
    return { changed: false, ansible_facts: out };
  },
};

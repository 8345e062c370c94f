/**
 * What a run prints: Ansible's default callback (banners, `ok: [host]`, `PLAY RECAP` with the
 * same spacing, because scripts grep it) or, with `--json`, one JSON event per line.
 */
import { pyWrap } from './textwrap.js';
import { maskSecrets } from '../log/secrets.js';
import { pyRepr } from '../py/repr.js';
import { fromJs } from '../py/values.js';
import { pyJson } from './pyjson.js';
import { renderDiff } from './unidiff.js';

export type HostStatus = 'ok' | 'changed' | 'failed' | 'skipped' | 'unreachable';

export interface Stats {
  ok: number;
  changed: number;
  unreachable: number;
  failed: number;
  skipped: number;
  rescued: number;
  ignored: number;
}

export function newStats(): Stats {
  return { ok: 0, changed: 0, unreachable: 0, failed: 0, skipped: 0, rescued: 0, ignored: 0 };
}

export type RunEvent =
  | { event: 'play_start'; name: string }
  | { event: 'task_start'; name: string; handler: boolean }
  | {
      event: 'result';
      host: string;
      status: HostStatus;
      result: Record<string, unknown>;
      item?: unknown;
      ignored?: boolean;
      action: string;
    }
  | { event: 'warning'; msg: string }
  | { event: 'retry'; host: string; task: string; retriesLeft: number }
  | { event: 'no_hosts' }
  | { event: 'no_hosts_remaining' }
  | { event: 'included'; host: string; file: string; item?: string }
  | { event: 'ignoring'; host: string }
  | { event: 'recap'; stats: Record<string, Stats> };

export interface Output {
  emit(e: RunEvent): void;
}

const COLUMNS = 79;

function banner(msg: string): string {
  const stars = Math.max(3, COLUMNS - msg.length);
  return `\n${msg} ${'*'.repeat(stars)}\n`;
}

/** Keys the callback hides (Ansible's internal `_ansible_*` plus those it strips). */
function clean(result: Record<string, unknown>, action: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(result)) {
    if (k.startsWith('_ansible') || k === 'invocation' || k === 'diff') continue;
    out[k] = v;
  }
  if (action === 'debug') delete out.changed;
  delete out.failed;
  return out;
}

const CENSORED =
  "the output has been hidden due to the fact that 'no_log: true' was specified for this result";

/**
 * Whether a result is no_log: its own flag, or (a loop's final result) any item's, as Ansible's
 * TaskExecutor marks the loop result when one item was no_log.
 */
function isNoLog(result: Record<string, unknown>): boolean {
  if (result._ansible_no_log === true) return true;
  return (
    Array.isArray(result.results) &&
    result.results.some(
      (r) =>
        typeof r === 'object' &&
        r !== null &&
        (r as Record<string, unknown>)._ansible_no_log === true,
    )
  );
}

/**
 * What every output path shows of a no_log result: Ansible's TaskResult.clean_copy — the
 * censored note plus the keys it preserves (attempts, changed, retries), nothing else.
 */
function censored(result: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { censored: CENSORED };
  for (const k of ['attempts', 'changed', 'retries']) if (k in result) out[k] = result[k];
  return out;
}

function itemLabel(item: unknown): string {
  return pyRepr(fromJs(item)).replace(/^'(.*)'$/s, '$1');
}

export class DefaultOutput implements Output {
  private readonly write: (s: string) => void;
  private readonly warn: (s: string) => void;
  /** `warn` receives warnings (ansible-playbook prints them on stderr). */
  constructor(
    write: (s: string) => void,
    private readonly verbosity = 0,
    private readonly showSkipped = true,
    warn?: (s: string) => void,
  ) {
    this.write = (s) => write(maskSecrets(s));
    this.warn = (s) => (warn ?? write)(maskSecrets(s));
  }

  emit(e: RunEvent): void {
    switch (e.event) {
      case 'play_start':
        this.write(banner(`PLAY [${e.name}]`));
        break;
      case 'task_start':
        this.write(banner(`${e.handler ? 'RUNNING HANDLER' : 'TASK'} [${e.name}]`));
        break;
      case 'warning':
        // Wrapped as Ansible's Display.warning does when stdout is not a terminal (79 columns).
        this.warn(pyWrap(`[WARNING]: ${e.msg}`, 79).join('\n') + '\n');
        break;
      case 'retry':
        this.write(`FAILED - RETRYING: [${e.host}]: ${e.task} (${e.retriesLeft} retries left).\n`);
        break;
      case 'no_hosts_remaining':
        this.write(banner('NO MORE HOSTS LEFT'));
        break;
      case 'no_hosts':
        this.write('skipping: no hosts matched\n');
        break;
      case 'result':
        this.result(e);
        break;
      case 'included':
        this.write(
          `included: ${e.file} for ${e.host}${e.item !== undefined ? ` => (item=${e.item})` : ''}\n`,
        );
        break;
      case 'ignoring':
        this.write('...ignoring\n');
        break;
      case 'recap': {
        this.write(banner('PLAY RECAP'));
        for (const [host, s] of Object.entries(e.stats)) {
          const col = (k: string, n: number): string => `${k}=${String(n).padEnd(4)}`;
          this.write(
            `${host.padEnd(26)} : ${col('ok', s.ok)} ${col('changed', s.changed)} ${col('unreachable', s.unreachable)} ${col('failed', s.failed)} ${col('skipped', s.skipped)} ${col('rescued', s.rescued)} ${col('ignored', s.ignored)}\n`,
          );
        }
        this.write('\n');
        break;
      }
    }
  }

  private result(e: Extract<RunEvent, { event: 'result' }>): void {
    // As v2_on_file_diff: a changed result's diff is shown before its status line.
    const noLog = isNoLog(e.result);
    if (e.result.diff && e.result.changed === true && !noLog) {
      const text = renderDiff(e.result.diff);
      if (text) this.write(text.endsWith('\n') ? text : text + '\n');
    }
    const r = clean(e.result, e.action);
    const label = 'item' in e && e.item !== undefined ? ` => (item=${itemLabel(e.item)})` : '';
    const verbose = (e.result._ansible_verbose_always === true && !noLog) || this.verbosity > 0;
    const body = (): string => {
      const copy = { ...r };
      if (label && e.status !== 'failed') {
        // Ansible's callback hides the loop bookkeeping of item results (not of failed ones).
        for (const k of ['ansible_loop_var', 'ansible_index_var']) {
          const name = r[k];
          if (typeof name === 'string') delete copy[name];
          delete copy[k];
        }
        delete copy.item;
        delete copy.ansible_loop;
      }
      if (label && e.status === 'failed' && typeof r.ansible_index_var === 'string')
        delete copy[r.ansible_index_var];
      if (noLog) return pyJson({ censored: CENSORED, changed: copy.changed });
      return pyJson(
        copy,
        e.result._ansible_verbose_always === true || this.verbosity > 2 ? 4 : undefined,
      );
    };
    const host = `[${e.host}]`;
    switch (e.status) {
      case 'skipped':
        if (!this.showSkipped) return;
        this.write(label ? `skipping: ${host}${label} \n` : `skipping: ${host}\n`);
        break;
      case 'ok':
      case 'changed': {
        const tail = verbose ? ` => ${body()}` : '';
        this.write(`${e.status}: ${host}${label}${tail}\n`);
        break;
      }
      case 'failed':
        this.write(
          label
            ? `failed: ${host} ${label.slice(4)} => ${body()}\n`
            : `fatal: ${host}: FAILED! => ${body()}\n`,
        );
        if (e.ignored) this.write('...ignoring\n');
        break;
      case 'unreachable':
        this.write(`fatal: ${host}: UNREACHABLE! => ${body()}\n`);
        break;
    }
  }
}

/** `--json`: one event per line; a no_log result is censored as Ansible's json callback does. */
export class JsonOutput implements Output {
  constructor(private readonly write: (s: string) => void) {}
  emit(event: RunEvent): void {
    const e =
      event.event === 'result' && isNoLog(event.result)
        ? {
            ...event,
            result: censored(event.result),
            ...('item' in event ? { item: '(censored due to no_log)' } : {}),
          }
        : event;
    this.write(
      maskSecrets(
        JSON.stringify(e, (_k, v: unknown) =>
          typeof v === 'bigint'
            ? v.toString()
            : v instanceof Map
              ? Object.fromEntries(v as Map<PropertyKey, unknown>)
              : v,
        ),
      ) + '\n',
    );
  }
}

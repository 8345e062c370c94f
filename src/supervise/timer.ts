/**
 * `.timer` units: OnBootSec/OnStartupSec (from supervisor start), OnActiveSec (from timer
 * start), OnUnitActiveSec/OnUnitInactiveSec (from the service's last activation/deactivation),
 * OnCalendar. One setTimeout for the nearest elapse: no polling.
 */
import { EventEmitter } from 'node:events';
import type { UnitConfig } from './unit-model.js';
import type { ActiveState } from './service.js';
import { nextElapse, parseCalendar, type CalendarSpec } from './calendar.js';

const BOOT_TIME = Date.now();
const MAX_TIMEOUT = 2 ** 31 - 1;

interface ServiceLike extends EventEmitter {
  state: ActiveState;
}

export class TimerUnit extends EventEmitter {
  state: ActiveState = 'inactive';
  subState = 'dead';
  nextElapseAt: number | null = null;
  lastTrigger: number | null = null;
  private timer: NodeJS.Timeout | null = null;
  private activatedAt = 0;
  private serviceActiveAt: number | null = null;
  private serviceInactiveAt: number | null = null;
  private readonly calendars: CalendarSpec[];

  constructor(
    readonly config: UnitConfig,
    private readonly trigger: () => void,
    service: (name: string) => unknown,
  ) {
    super();
    this.calendars = (config.timer?.onCalendar ?? []).map(parseCalendar);
    const svc = service(config.timer?.unit ?? config.name.replace(/\.timer$/, '.service')) as
      ServiceLike | undefined;
    svc?.on('state', (state: ActiveState) => {
      // systemd measures OnUnitActiveSec= from the unit's activation (leaving inactive), which a
      // oneshot service without RemainAfterExit never reports as 'active'.
      if (state === 'activating' || (state === 'active' && this.serviceActiveAt === null))
        this.serviceActiveAt = Date.now();
      if (state === 'inactive' || state === 'failed') this.serviceInactiveAt = Date.now();
      if (this.state === 'active') this.schedule();
    });
  }

  get name(): string {
    return this.config.name;
  }

  /** Nothing to wait for; a promise like the other units' start(). */
  start(): Promise<void> {
    if (this.state === 'active') return Promise.resolve();
    this.activatedAt = Date.now();
    this.state = 'active';
    this.subState = 'waiting';
    this.emit('state', this.state, this.subState);
    this.schedule();
    return Promise.resolve();
  }

  stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.nextElapseAt = null;
    this.state = 'inactive';
    this.subState = 'dead';
    this.emit('state', this.state, this.subState);
    return Promise.resolve();
  }

  /** The nearest future elapse over all triggers. */
  computeNext(now = Date.now()): number | null {
    const t = this.config.timer!;
    const candidates: number[] = [];
    const after = (base: number | null, offsets: number[]): void => {
      if (base === null) return;
      for (const o of offsets)
        if (base + o > (this.lastTrigger ?? -Infinity)) candidates.push(base + o);
    };
    after(BOOT_TIME, t.onBootMs);
    after(BOOT_TIME, t.onStartupMs);
    after(this.activatedAt, t.onActiveMs);
    after(this.serviceActiveAt, t.onUnitActiveMs);
    after(this.serviceInactiveAt, t.onUnitInactiveMs);
    for (const c of this.calendars) {
      const next = nextElapse(c, new Date(Math.max(now, this.lastTrigger ?? 0)));
      if (next) candidates.push(next.getTime());
    }
    const future = candidates.filter((c) => c > (this.lastTrigger ?? -Infinity));
    return future.length ? Math.min(...future) : null;
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const next = this.computeNext();
    this.nextElapseAt = next;
    if (next === null) {
      this.subState = 'elapsed';
      return;
    }
    this.timer = setTimeout(
      () => this.fire(),
      Math.min(Math.max(0, next - Date.now()), MAX_TIMEOUT),
    );
  }

  private fire(): void {
    this.timer = null;
    if (this.nextElapseAt !== null && Date.now() < this.nextElapseAt) return this.schedule(); // long waits are chunked
    this.lastTrigger = Date.now();
    this.subState = 'running';
    this.trigger();
    this.subState = 'waiting';
    this.schedule();
  }
}

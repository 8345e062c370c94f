/** The [Timer] directive table: monotonic and calendar triggers, the unit to start, Persistent=. */
import type { TimerConfig, UnitConfig } from './unit-model.js';
import { bool, span, type Handler } from './directive-values.js';

/** The unit's timer configuration, created with the defaults on first use. */
export function timerOf(u: UnitConfig): TimerConfig {
  return (u.timer ??= {
    onCalendar: [],
    onBootMs: [],
    onStartupMs: [],
    onActiveMs: [],
    onUnitActiveMs: [],
    onUnitInactiveMs: [],
    persistent: false,
  });
}

export const TIMER: Record<string, Handler> = {
  OnCalendar: (v, u) => {
    if (v === '') timerOf(u).onCalendar.length = 0;
    else timerOf(u).onCalendar.push(v);
  },
  OnBootSec: (v, u) => {
    timerOf(u).onBootMs.push(span(v));
  },
  OnStartupSec: (v, u) => {
    timerOf(u).onStartupMs.push(span(v));
  },
  OnActiveSec: (v, u) => {
    timerOf(u).onActiveMs.push(span(v));
  },
  OnUnitActiveSec: (v, u) => {
    timerOf(u).onUnitActiveMs.push(span(v));
  },
  OnUnitInactiveSec: (v, u) => {
    timerOf(u).onUnitInactiveMs.push(span(v));
  },
  Unit: (v, u) => {
    timerOf(u).unit = v;
  },
  Persistent: (v, u) => {
    timerOf(u).persistent = bool(v);
  },
};

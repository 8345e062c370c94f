/**
 * systemctl's jobs on a running manager, with systemd's propagation along dependencies
 * (systemd.unit(5)):
 *  - start: the unit's Requires=/Wants=/BindsTo= closure (and .wants/.requires links), in
 *    After=/Before= order; Requisite= units must already be active; units in Conflicts= (either
 *    direction) are stopped first.
 *  - stop: also every loaded unit that Requires=, BindsTo= or is PartOf= a stopped one,
 *    transitively, each stopped after the units ordered after it.
 *  - restart: the same set; the propagated restarts only touch active units (try-restart).
 *  - reload: also the units with ReloadPropagatedFrom= it, or named by its PropagatesReloadTo=.
 * And two reactions: a unit entering `failed` starts its OnFailure= units; a unit going down
 * stops the active units BindsTo= it.
 */
import { buildGraph } from './graph.js';
import type { ManagedUnit, Manager } from './manager.js';
import { ServiceUnit, type ActiveState } from './service.js';
import type { UnitLoader } from './unit-loader.js';
import type { UnitConfig } from './unit-model.js';

const UP = new Set<ActiveState>(['active', 'activating', 'reloading']);

export class JobRunner {
  constructor(
    private readonly manager: Manager,
    private readonly loader: UnitLoader,
    private readonly log: (unit: string, message: string) => void,
  ) {}

  async start(name: string): Promise<void> {
    const config = this.configOf(name);
    const missing = (config?.requisite ?? []).find((r) => !this.isUp(r));
    if (missing !== undefined) {
      const unit = this.manager.units.get(name) ?? this.manager.loadUnit(name);
      if (unit) this.manager.dependencyFailed(unit, missing);
      return;
    }
    const graph = buildGraph(this.loader, [name]);
    // Every unit the job starts stops what it conflicts with first.
    for (const n of graph.nodes.keys()) {
      if (this.isUp(n)) continue;
      for (const other of this.conflicting(n, this.configOf(n))) {
        if (this.isUp(other) && !graph.nodes.has(other)) {
          this.log(n, `stopping conflicting ${other}`);
          await this.stop(other);
        }
      }
    }
    await this.manager.startGraph(graph);
  }

  async stop(name: string): Promise<void> {
    await this.stopAll(this.propagated(name));
  }

  /** restart (or try-restart: only when the unit is up). */
  async restart(name: string, onlyIfUp = false): Promise<void> {
    if (onlyIfUp && !this.isUp(name)) return;
    // Propagated restarts are try-restarts: units that are down stay down.
    const set = [...this.propagated(name)].filter((n) => n === name || this.isUp(n));
    await this.stopAll(new Set(set));
    for (const n of set) {
      const unit = this.manager.units.get(n);
      if (unit instanceof ServiceUnit) unit.resetStartLimit();
    }
    // The named unit first (its closure may bring the others back), then the rest in order.
    await this.start(name);
    for (const n of this.order(set.filter((n) => n !== name)))
      if (!this.isUp(n)) await this.start(n);
  }

  /** Reload the unit, then propagate; false when the unit itself cannot be reloaded. */
  async reload(name: string): Promise<boolean> {
    const unit = this.manager.units.get(name) ?? this.manager.loadUnit(name);
    if (!(unit instanceof ServiceUnit) || !(await unit.reload())) return false;
    const config = this.configOf(name);
    const targets = new Set(config?.propagatesReloadTo ?? []);
    for (const [other] of this.manager.units)
      if (this.configOf(other)?.reloadPropagatedFrom.includes(name)) targets.add(other);
    for (const t of targets) {
      const u = this.manager.units.get(t);
      if (u instanceof ServiceUnit && u.state === 'active' && !(await u.reload()))
        this.log(t, `reload propagated from ${name} not applicable`);
    }
    return true;
  }

  /** What a unit's state change sets off (OnFailure=, BindsTo=). */
  react(name: string, state: ActiveState): void {
    if (state === 'failed') {
      for (const f of this.configOf(name)?.onFailure ?? []) {
        this.log(name, `failed: starting ${f} (OnFailure=)`);
        void this.start(f).catch((err: unknown) =>
          this.log(f, `OnFailure= start failed: ${String(err)}`),
        );
      }
    }
    if (state === 'failed' || state === 'inactive') {
      for (const [other, unit] of this.manager.units) {
        if (other === name || !UP.has(unit.state) || !this.configOf(other)?.bindsTo.includes(name))
          continue;
        this.log(other, `stopping: bound to ${name}, which went down (BindsTo=)`);
        void this.stop(other);
      }
    }
  }

  /** The unit and every loaded unit needing it (Requires=, BindsTo=, PartOf=), transitively. */
  propagated(name: string): Set<string> {
    const set = new Set([name]);
    for (let grew = true; grew;) {
      grew = false;
      for (const [other] of this.manager.units) {
        if (set.has(other)) continue;
        const c = this.configOf(other);
        if (c && [...c.requires, ...c.bindsTo, ...c.partOf].some((d) => set.has(d))) {
          set.add(other);
          grew = true;
        }
      }
    }
    return set;
  }

  /** Stop a set: each unit after the units of the set ordered after it (reverse start order). */
  private async stopAll(set: Set<string>): Promise<void> {
    for (const n of this.order([...set]).reverse()) await this.manager.units.get(n)?.stop();
  }

  /** Start order of some units (After=/Before= between them), ordering cycles broken. */
  private order(names: string[]): string[] {
    const out: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (n: string): void => {
      if (state.has(n)) return; // done, or on the stack: a cycle, whose edge is ignored
      state.set(n, 'visiting');
      for (const m of names) if (m !== n && this.orderedBefore(m, n)) visit(m);
      state.set(n, 'done');
      out.push(n);
    };
    for (const n of [...names].sort()) visit(n);
    return out;
  }

  private orderedBefore(a: string, b: string): boolean {
    return Boolean(this.configOf(b)?.after.includes(a) || this.configOf(a)?.before.includes(b));
  }

  private conflicting(name: string, config: UnitConfig | null): string[] {
    const out = new Set(config?.conflicts ?? []);
    for (const [other] of this.manager.units)
      if (this.configOf(other)?.conflicts.includes(name)) out.add(other);
    out.delete(name);
    return [...out];
  }

  private isUp(name: string): boolean {
    const u = this.manager.units.get(name);
    return u !== undefined && UP.has(u.state);
  }

  private configOf(name: string): UnitConfig | null {
    const unit: ManagedUnit | undefined = this.manager.units.get(name);
    if (unit && 'config' in unit) return unit.config;
    const r = this.loader.load(name);
    return r.state === 'loaded' ? r.unit : null;
  }
}

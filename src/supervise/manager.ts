/**
 * The service manager: builds the start transaction from the default target, starts units in
 * parallel as soon as everything ordered before them has settled, and stops them in reverse
 * order (each unit stops once every unit ordered after it is down). Decides the container's
 * exit code when a critical unit ends.
 */
import { EventEmitter } from 'node:events';
import { constants } from 'node:os';
import { buildGraph, type GraphNode, type UnitGraph } from './graph.js';
import { JobRunner } from './jobs.js';
import { UnitLoader } from './unit-loader.js';
import { ServiceUnit, type ActiveState, type ServiceHost } from './service.js';
import { TimerUnit } from './timer.js';

export type ManagedUnit = ServiceUnit | TimerUnit | TargetUnit;

/** A target: no process, active once reached. */
class TargetUnit extends EventEmitter {
  state: ActiveState = 'inactive';
  subState = 'dead';
  constructor(readonly name: string) {
    super();
  }
  /** Nothing to wait for; a promise like the other units' start(). */
  start(): Promise<void> {
    this.state = 'active';
    this.subState = 'active';
    this.emit('state', this.state, this.subState);
    return Promise.resolve();
  }
  stop(): Promise<void> {
    this.state = 'inactive';
    this.subState = 'dead';
    this.emit('state', this.state, this.subState);
    return Promise.resolve();
  }
}

export interface ManagerOptions {
  loader: UnitLoader;
  host: ServiceHost;
  defaultTarget: string;
  /** Units whose end stops the container (exit code from the unit's result). */
  critical: string[];
  /** Called first on daemon-reload (the supervisor re-runs the generators). */
  beforeReload?: () => void;
}

export class Manager extends EventEmitter {
  readonly units = new Map<string, ManagedUnit>();
  graph: UnitGraph;
  /** systemctl's jobs (start/stop/restart/reload) with systemd's dependency propagation. */
  readonly jobs: JobRunner;
  private shuttingDown = false;

  constructor(private readonly options: ManagerOptions) {
    super();
    this.graph = buildGraph(options.loader, [options.defaultTarget]);
    for (const node of this.graph.nodes.values()) this.units.set(node.name, this.createUnit(node));
    this.jobs = new JobRunner(this, options.loader, (name, message) =>
      options.host.log(name, message),
    );
  }

  get stopping(): boolean {
    return this.shuttingDown;
  }

  /** The managed unit of a graph node, created on first use. */
  unitFor(node: GraphNode): ManagedUnit {
    let unit = this.units.get(node.name);
    if (!unit) {
      unit = this.createUnit(node);
      this.units.set(node.name, unit);
    }
    return unit;
  }

  private createUnit(node: GraphNode): ManagedUnit {
    const c = node.config;
    if (c?.service) {
      const unit = new ServiceUnit(c, this.options.host);
      unit.on('state', (state: ActiveState) => this.onUnitState(unit, state));
      return unit;
    }
    if (c?.timer)
      return new TimerUnit(
        c,
        () => this.triggerFromTimer(c.timer!.unit ?? c.name.replace(/\.timer$/, '.service')),
        (svc) => this.units.get(svc) ?? this.loadUnit(svc),
      );
    return new TargetUnit(node.name);
  }

  /** Load a unit outside the boot transaction (systemctl start, timers). */
  loadUnit(name: string): ManagedUnit | undefined {
    const existing = this.units.get(name);
    if (existing) return existing;
    const result = this.options.loader.load(name);
    if (result.state !== 'loaded') return undefined;
    const node: GraphNode = {
      name,
      config: result.unit,
      requires: new Set(),
      wants: new Set(),
      after: new Set(),
    };
    const unit = this.createUnit(node);
    this.units.set(name, unit);
    return unit;
  }

  /** daemon-reload: units that are not running pick up their files again. */
  reloadUnitFiles(): void {
    this.options.beforeReload?.();
    for (const [name, unit] of this.units) {
      if (unit.state !== 'inactive' && unit.state !== 'failed') continue;
      const result = this.options.loader.load(name);
      if (result.state !== 'loaded') continue;
      const node = this.graph.nodes.get(name) ?? {
        name,
        config: result.unit,
        requires: new Set<string>(),
        wants: new Set<string>(),
        after: new Set<string>(),
      };
      node.config = result.unit;
      this.units.set(name, this.createUnit(node));
    }
  }

  private triggerFromTimer(service: string): void {
    const unit = this.units.get(service) ?? this.loadUnit(service);
    if (unit instanceof ServiceUnit && unit.state !== 'active' && unit.state !== 'activating')
      void unit.start();
  }

  private onUnitState(unit: ServiceUnit, state: ActiveState): void {
    this.emit('unit-state', unit.name, state, unit.subState);
    if (!this.shuttingDown) this.jobs.react(unit.name, state);
    if (this.shuttingDown || !this.options.critical.includes(unit.name)) return;
    if (state === 'failed' || (state === 'inactive' && unit.subState === 'dead')) {
      const exit = unit.lastExit;
      const code =
        unit.result === 'success'
          ? 0
          : exit?.code && exit.code > 0
            ? exit.code
            : exit?.signal
              ? 128 + signalNumber(exit.signal)
              : 1;
      this.emit('critical-exit', unit.name, code);
    }
  }

  /** Start the whole transaction; resolves when every unit has settled. */
  async startAll(): Promise<void> {
    await this.startGraph(this.graph);
  }

  /**
   * Start a transaction's units in parallel, each once everything ordered before it has settled.
   * Units already active are left alone (a job's closure often overlaps what runs).
   */
  async startGraph(graph: UnitGraph): Promise<void> {
    const settled = new Map<string, Promise<void>>();
    const startOrdered = (name: string): Promise<void> => {
      let p = settled.get(name);
      if (p) return p;
      p = (async () => {
        const node = graph.nodes.get(name)!;
        await Promise.all([...node.after].map(startOrdered));
        const unit = this.unitFor(node);
        if (unit.state === 'active' || unit.state === 'activating' || unit.state === 'reloading')
          return;
        // Requires= + After= on a unit that failed: this one is not started (dependency failure).
        for (const req of node.requires) {
          const dep = this.units.get(req);
          if (dep && node.after.has(req) && dep.state === 'failed') {
            this.dependencyFailed(unit, req);
            return;
          }
        }
        if (this.shuttingDown) return;
        await unit.start();
      })();
      settled.set(name, p);
      return p;
    };
    await Promise.all([...graph.nodes.keys()].map(startOrdered));
  }

  /**
   * A unit not started because a unit it needs is not there: systemd logs "Dependency failed"
   * and the unit stays inactive (it never ran), with the job's result 'dependency'.
   */
  dependencyFailed(unit: ManagedUnit, dependency: string): void {
    this.options.host.log(unit.name, `dependency failed: ${dependency}`);
    if (unit instanceof ServiceUnit) unit.result = 'dependency';
    // A critical unit that cannot start ends the container as its failure would.
    if (!this.shuttingDown && this.options.critical.includes(unit.name))
      this.emit('critical-exit', unit.name, 1);
  }

  /** Stop everything in reverse dependency order, in parallel where the order allows. */
  async stopAll(): Promise<void> {
    this.shuttingDown = true;
    const stopped = new Map<string, Promise<void>>();
    const dependents = new Map<string, string[]>();
    for (const node of this.graph.nodes.values())
      for (const dep of node.after)
        (dependents.get(dep) ?? dependents.set(dep, []).get(dep)!).push(node.name);
    const stop = (name: string): Promise<void> => {
      let p = stopped.get(name);
      if (p) return p;
      p = (async () => {
        await Promise.all((dependents.get(name) ?? []).map(stop));
        await this.units.get(name)?.stop();
      })();
      stopped.set(name, p);
      return p;
    };
    await Promise.all([...this.units.keys()].map(stop));
  }
}

function signalNumber(sig: NodeJS.Signals): number {
  return (constants.signals as Record<string, number>)[sig] ?? 0;
}

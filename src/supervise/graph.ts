/**
 * The start transaction: the closure of Requires/Wants (and `.wants/.requires` links) from the
 * default target, and the After/Before ordering between its members, with cycles reported by
 * the names of the units on them. Targets and units without a file become virtual sync points.
 */
import type { UnitConfig } from './unit-model.js';
import type { LoadResult, UnitLoader } from './unit-loader.js';
import type { ParseProblem } from './unit-file.js';
import { isHostOnly } from './host-only.js';

export interface GraphNode {
  name: string;
  /** null for a virtual unit (a target, or a wanted unit with no file). */
  config: UnitConfig | null;
  requires: Set<string>;
  wants: Set<string>;
  /** Units that must be started before this one (After= here, Before= there). */
  after: Set<string>;
}

export interface UnitGraph {
  nodes: Map<string, GraphNode>;
  skipped: {
    name: string;
    reason: 'host-only' | 'masked' | 'not-found' | 'bad-setting' | 'unsupported-type';
  }[];
  problems: ParseProblem[];
  /** Cycles found (each a list of unit names); the ordering edge closing each was dropped. */
  cycles: string[][];
}

const SUPPORTED_TYPES = new Set(['service', 'target', 'timer']);

export function buildGraph(loader: UnitLoader, roots: string[]): UnitGraph {
  const graph: UnitGraph = { nodes: new Map(), skipped: [], problems: [], cycles: [] };
  const queue = [...roots];
  const seen = new Set<string>();
  while (queue.length) {
    const name = queue.shift()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const node = loadNode(loader, name, graph);
    if (!node) continue;
    graph.nodes.set(name, node);
    queue.push(...node.requires, ...node.wants);
  }
  addOrdering(graph);
  breakCycles(graph);
  return graph;
}

function loadNode(loader: UnitLoader, name: string, graph: UnitGraph): GraphNode | null {
  const type = name.slice(name.lastIndexOf('.') + 1);
  if (isHostOnly(name)) {
    graph.skipped.push({ name, reason: 'host-only' });
    return null;
  }
  if (!SUPPORTED_TYPES.has(type)) {
    graph.skipped.push({ name, reason: 'unsupported-type' });
    return null;
  }
  const result: LoadResult = loader.load(name);
  const links = loader.linkedDependencies(name);
  const node: GraphNode = {
    name,
    config: null,
    requires: new Set(links.requires),
    wants: new Set(links.wants),
    after: new Set(),
  };
  if (result.state === 'masked') {
    graph.skipped.push({ name, reason: 'masked' });
    return null;
  }
  if (result.state === 'bad-setting') graph.problems.push(...result.problems);
  if (result.state === 'not-found' || result.state === 'bad-setting') {
    if (type !== 'target') {
      graph.skipped.push({ name, reason: result.state });
      return null;
    }
    return node;
  }
  graph.problems.push(...result.problems, ...result.unit.warnings);
  const u = result.unit;
  node.config = u;
  for (const r of [...u.requires, ...u.bindsTo, ...u.requisite]) node.requires.add(r);
  for (const w of u.wants) node.wants.add(w);
  // A timer only triggers its service (systemd's Triggers=): the service is not pulled into the
  // boot transaction; the manager loads it when the timer is created.
  return node;
}

function addOrdering(graph: UnitGraph): void {
  for (const node of graph.nodes.values()) {
    const u = node.config;
    if (!u) continue;
    for (const a of u.after) if (graph.nodes.has(a)) node.after.add(a);
    for (const b of u.before) graph.nodes.get(b)?.after.add(node.name);
  }
  // A target is reached after what it pulls in (systemd adds After= for a target's wants).
  for (const node of graph.nodes.values()) {
    if (!node.name.endsWith('.target')) continue;
    for (const dep of [...node.requires, ...node.wants]) {
      const d = graph.nodes.get(dep);
      if (d && !d.after.has(node.name) && d.config?.defaultDependencies !== false)
        node.after.add(dep);
    }
  }
  // A timer's service is not ordered after the timer: the timer triggers it later.
  for (const node of graph.nodes.values()) {
    if (node.config?.timer) {
      const svc = node.config.timer.unit ?? node.name.replace(/\.timer$/, '.service');
      graph.nodes.get(svc)?.after.delete(node.name);
    }
  }
}

/** Find ordering cycles; report each and drop one edge so the rest can still start. */
function breakCycles(graph: UnitGraph): void {
  const WHITE = 0,
    GREY = 1,
    BLACK = 2;
  const color = new Map<string, number>();
  const stack: string[] = [];
  const visit = (name: string): void => {
    color.set(name, GREY);
    stack.push(name);
    const node = graph.nodes.get(name)!;
    for (const dep of [...node.after].sort()) {
      const c = color.get(dep) ?? WHITE;
      if (c === GREY) {
        const cycle = stack.slice(stack.indexOf(dep));
        graph.cycles.push([...cycle, dep]);
        node.after.delete(dep);
      } else if (c === WHITE) {
        visit(dep);
      }
    }
    stack.pop();
    color.set(name, BLACK);
  };
  for (const name of [...graph.nodes.keys()].sort())
    if ((color.get(name) ?? WHITE) === WHITE) visit(name);
}

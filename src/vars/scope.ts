/**
 * The variables a task sees: layers in Ansible's precedence order (lowest first), looked up from
 * the top, and templated lazily on first read as Ansible does (a variable holding `{{ other }}`
 * is rendered with the same scope when used). Layers marked `raw` (facts, registered results,
 * set_fact values) hold final values and are never re-templated.
 */
import type { Templar, VarScope } from '../ansible/templar.js';
import { Lazy, type PyValue } from '../py/values.js';
import { VarsError } from './errors.js';

export interface Layer {
  vars: ReadonlyMap<string, PyValue>;
  raw?: boolean;
}

/** Whether a raw value has template syntax anywhere (only those need lazy templating). */
function hasTemplate(value: PyValue, templar: Templar): boolean {
  if (typeof value === 'string')
    return (
      (value.includes('{{') || value.includes('{%') || value.includes('{#')) &&
      templar.isTemplate(value)
    );
  if (Array.isArray(value)) return value.some((v: PyValue) => hasTemplate(v, templar));
  if (value instanceof Map) {
    for (const [, v] of value) if (hasTemplate(v, templar)) return true;
  }
  return false;
}

export class LayeredScope implements VarScope {
  private readonly cache = new Map<string, PyValue>();
  private readonly resolving = new Set<string>();

  constructor(
    private readonly layers: Layer[],
    private readonly templar?: Templar,
  ) {}

  private find(name: string): { value: PyValue; raw: boolean } | undefined {
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const layer = this.layers[i]!;
      if (layer.vars.has(name)) return { value: layer.vars.get(name)!, raw: layer.raw ?? false };
    }
    return undefined;
  }

  get(name: string): PyValue | undefined {
    const cached = this.cache.get(name);
    if (cached !== undefined) return cached;
    const found = this.find(name);
    if (!found) return undefined;
    const templar = this.templar;
    if (found.raw || !templar || found.value instanceof Lazy || !hasTemplate(found.value, templar))
      return found.value;
    const raw = found.value;
    const lazy = new Lazy(() => {
      if (this.resolving.has(name)) {
        throw new VarsError(
          'vars-type',
          `recursive loop detected in template string: variable '${name}' refers to itself`,
        );
      }
      this.resolving.add(name);
      try {
        return templar.template(raw, this);
      } finally {
        this.resolving.delete(name);
      }
    }, `variable ${name}`);
    this.cache.set(name, lazy);
    return lazy;
  }

  has(name: string): boolean {
    return this.find(name) !== undefined;
  }

  keys(): Iterable<string> {
    const all = new Set<string>();
    for (const layer of this.layers) for (const k of layer.vars.keys()) all.add(k);
    return all;
  }

  /** A new scope with extra layers on top (loop variables, task vars). */
  with(...layers: Layer[]): LayeredScope {
    return new LayeredScope([...this.layers, ...layers], this.templar);
  }

  /** Every variable, resolved (for hostvars and debug: var=vars). */
  snapshot(): Map<PyValue, PyValue> {
    const out = new Map<PyValue, PyValue>();
    for (const k of this.keys()) {
      const v = this.get(k);
      if (v !== undefined) out.set(k, v);
    }
    return out;
  }
}

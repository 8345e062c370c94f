/**
 * Runtime objects templates see: the `loop` variable, macros, `namespace()`, `cycler()`,
 * `joiner()` and `range()` results. Each exposes its Python attributes through `pyGetAttr`.
 */
import { PyTuple, Undefined, asTuple, tuple, type PyValue } from '../../py/values.js';
import { pyfunc, PyFunction } from '../../py/callable.js';
import { pyRepr } from '../../py/repr.js';
import { eq } from '../../py/compare.js';

/** Creates an Undefined with a hint (supplied by the render context). */
export type Undef = (hint: string, name?: string | null) => Undefined;

/** Jinja2's LoopContext. `i` is advanced by the compiled loop. */
export class Loop {
  readonly pyTypeName = 'LoopContext';
  i = 0;
  private lastChanged: PyValue[] | undefined;
  constructor(
    readonly items: PyValue[],
    readonly depth0: number,
    private readonly undef: Undef,
    /** For `recursive` loops: renders the body over new items one level deeper. */
    readonly recurse: ((items: PyValue, depth0: number) => PyValue) | null,
  ) {}

  get length(): number {
    return this.items.length;
  }

  pyGetAttr(name: string): PyValue | undefined {
    const n = this.items.length;
    switch (name) {
      case 'index':
        return this.i + 1;
      case 'index0':
        return this.i;
      case 'revindex':
        return n - this.i;
      case 'revindex0':
        return n - this.i - 1;
      case 'first':
        return this.i === 0;
      case 'last':
        return this.i === n - 1;
      case 'length':
        return n;
      case 'depth':
        return this.depth0 + 1;
      case 'depth0':
        return this.depth0;
      case 'previtem':
        return this.i > 0 ? this.items[this.i - 1]! : this.undef('there is no previous item');
      case 'nextitem':
        return this.i < n - 1 ? this.items[this.i + 1]! : this.undef('there is no next item');
      case 'cycle':
        return pyfunc(
          '*args',
          (_c, args: PyValue[]) => {
            if (!args.length) throw new TypeError('no items for cycling given');
            return args[this.i % args.length]!;
          },
          'cycle',
        );
      case 'changed':
        return pyfunc(
          '*value',
          (_c, value: PyValue[]) => {
            if (this.lastChanged === undefined || !eq(tuple(this.lastChanged), tuple(value))) {
              this.lastChanged = value;
              return true;
            }
            return false;
          },
          'changed',
        );
    }
    return undefined;
  }

  pyRepr(): string {
    return `<LoopContext ${this.i + 1}/${this.items.length}>`;
  }
}

export const MISSING_ARG: unique symbol = Symbol('missing-arg');
const EMPTY: PyValue[] = Object.freeze(PyTuple.from([])) as unknown as PyValue[];

/**
 * A macro (or a `{% call %}` block's caller). `body` receives the bound parameters (MISSING_ARG
 * for unset ones, whose defaults the compiled body evaluates), then varargs, kwargs and caller.
 */
export class Macro {
  readonly pyTypeName = 'Macro';
  constructor(
    readonly name: string,
    readonly params: string[],
    readonly catchKwargs: boolean,
    readonly catchVarargs: boolean,
    readonly callerUsed: boolean,
    readonly body: (
      args: (PyValue | typeof MISSING_ARG)[],
      varargs: PyValue[],
      kwargs: Map<PyValue, PyValue>,
      caller: PyValue,
    ) => PyValue,
    private readonly undef: Undef,
  ) {}

  invoke(args: readonly PyValue[], kwargs: ReadonlyMap<string, PyValue> | null): PyValue {
    const np = this.params.length;
    const bound = new Array<PyValue | typeof MISSING_ARG>(np);
    const n = Math.min(args.length, np);
    for (let i = 0; i < n; i++) bound[i] = args[i]!;
    for (let i = n; i < np; i++) bound[i] = MISSING_ARG;
    if (args.length > np && !this.catchVarargs) {
      throw new TypeError(`macro '${this.name}' takes not more than ${np} argument(s)`);
    }
    const varargs = this.catchVarargs ? asTuple(args.slice(n)) : EMPTY;
    let caller: PyValue | undefined;
    let extra: Map<PyValue, PyValue> | undefined;
    if (kwargs) {
      for (const [k, v] of kwargs) {
        const i = this.params.indexOf(k);
        if (i >= 0) {
          if (bound[i] !== MISSING_ARG)
            throw new TypeError(`macro '${this.name}' got multiple values for argument '${k}'`);
          bound[i] = v;
        } else if (k === 'caller' && this.callerUsed) caller = v;
        else if (this.catchKwargs) (extra ??= new Map()).set(k, v);
        else throw new TypeError(`macro '${this.name}' takes no keyword argument '${k}'`);
      }
    }
    if (caller === undefined && this.callerUsed) caller = this.undef('No caller defined', 'caller');
    return this.body(bound, varargs, extra ?? new Map<PyValue, PyValue>(), caller ?? null);
  }

  pyGetAttr(name: string): PyValue | undefined {
    switch (name) {
      case 'name':
        return this.name;
      case 'arguments':
        return PyTuple.from(this.params);
      case 'catch_kwargs':
        return this.catchKwargs;
      case 'catch_varargs':
        return this.catchVarargs;
      case 'caller':
        return this.callerUsed;
    }
    return undefined;
  }

  pyRepr(): string {
    return `<Macro '${this.name}'>`;
  }
}

/** `namespace(...)`: the one object `{% set ns.x = … %}` may assign to. */
export class Namespace {
  readonly pyTypeName = 'Namespace';
  readonly attrs = new Map<string, PyValue>();
  pyGetAttr(name: string): PyValue | undefined {
    return this.attrs.get(name);
  }
  pyGetItem(key: PyValue): PyValue | undefined {
    return typeof key === 'string' ? this.attrs.get(key) : undefined;
  }
  pyRepr(): string {
    return `<Namespace ${pyRepr(new Map<PyValue, PyValue>(this.attrs))}>`;
  }
}

/** `cycler(*items)`. */
export class Cycler {
  readonly pyTypeName = 'Cycler';
  pos = 0;
  constructor(readonly items: PyValue[]) {}
  pyGetAttr(name: string): PyValue | undefined {
    switch (name) {
      case 'current':
        return this.items[this.pos]!;
      case 'next':
        return pyfunc(
          '',
          () => {
            const v = this.items[this.pos]!;
            this.pos = (this.pos + 1) % this.items.length;
            return v;
          },
          'next',
        );
      case 'reset':
        return pyfunc(
          '',
          () => {
            this.pos = 0;
            return null;
          },
          'reset',
        );
      case 'items':
        return this.items;
    }
    return undefined;
  }
}

/** `joiner(sep)`: '' on the first call, then the separator. */
export function makeJoiner(sep: PyValue): PyFunction {
  let used = false;
  return pyfunc(
    '',
    () => {
      if (!used) {
        used = true;
        return '';
      }
      return sep;
    },
    'joiner',
  );
}

/** Python's `range` object: iterable as a list, prints as `range(0, 3)`. */
export class PyRange extends Array<PyValue> {
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }
  label = '';
  get pyTypeName(): string {
    return 'range';
  }
  pyRepr(): string {
    return this.label;
  }
}

export function makeRange(start: number, stop: number, step: number): PyRange {
  const r = new PyRange();
  r.label = step === 1 ? `range(${start}, ${stop})` : `range(${start}, ${stop}, ${step})`;
  if (step > 0) for (let i = start; i < stop; i += step) r.push(i);
  else for (let i = start; i > stop; i += step) r.push(i);
  return r;
}

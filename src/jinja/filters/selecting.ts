/** Jinja2's per-item filters: map, select/selectattr, reject/rejectattr. */
import { pyfunc, PyFunction, callPyFunction, type CallInfo } from '../../py/callable.js';
import type { PyValue } from '../../py/values.js';
import { toList, truthy } from '../../py/ops.js';
import { attrGetter, ctxOf, envOf, softStr } from './util.js';
import { TemplateRuntimeError } from '../errors.js';
import { call as rtCall } from '../runtime/rt.js';

/** Apply a named filter/test by name (map/select) with extra args. */
function byName(
  call: CallInfo,
  table: 'filters' | 'tests',
  name: PyValue,
  args: PyValue[],
  kwargs: Map<string, PyValue>,
): (x: PyValue) => PyValue {
  const env = envOf(call);
  const n = softStr(name);
  const fn = env[table].get(n);
  if (fn === undefined)
    throw new TemplateRuntimeError(
      `No ${table === 'filters' ? 'filter' : 'test'} named '${n}'${table === 'tests' ? '' : ''}.`,
    );
  const ctx = ctxOf(call);
  return (x) => {
    if (fn instanceof PyFunction)
      return callPyFunction(fn, { name: n, env, context: ctx }, [x, ...args], kwargs);
    return rtCall(ctx!, fn, [x, ...args], kwargs.size ? kwargs : null);
  };
}

function selectOrReject(
  call: CallInfo,
  value: PyValue,
  args: PyValue[],
  kwargs: Map<string, PyValue>,
  lookupAttr: boolean,
  modfunc: (b: boolean) => boolean,
): PyValue[] {
  if (!truthy(value)) return []; // Jinja2: `if value:` before iterating
  let a = args;
  let transform = (x: PyValue): PyValue => x;
  if (lookupAttr) {
    if (!a.length) throw new TemplateRuntimeError('Missing parameter for attribute name');
    transform = attrGetter(call, a[0]!);
    a = a.slice(1);
  }
  let test: (x: PyValue) => boolean;
  if (a.length) {
    const t = byName(call, 'tests', a[0]!, a.slice(1), kwargs);
    test = (x) => truthy(t(x));
  } else test = (x) => truthy(x);
  return toList(value).filter((item) => modfunc(test(transform(item))));
}

export function selectingFilters(): [string, PyFunction][] {
  return [
    [
      'map',
      pyfunc(
        'value, *args, **kwargs',
        (c, value, args: PyValue[], kwargs: Map<string, PyValue>) => {
          if (!truthy(value)) return []; // Jinja2: `if value:` before iterating
          const items = toList(value);
          if (!args.length && kwargs.has('attribute')) {
            const attribute = kwargs.get('attribute')!;
            const dflt = kwargs.has('default') ? kwargs.get('default')! : null;
            for (const k of kwargs.keys())
              if (k !== 'attribute' && k !== 'default')
                throw new TemplateRuntimeError(`Unexpected keyword argument '${k}'`);
            return items.map(attrGetter(c, attribute, undefined, dflt));
          }
          if (!args.length) throw new TemplateRuntimeError('map requires a filter argument');
          const f = byName(c, 'filters', args[0]!, args.slice(1), kwargs);
          return items.map(f);
        },
      ),
    ],
    [
      'reject',
      pyfunc('value, *args, **kwargs', (c, v, a: PyValue[], k: Map<string, PyValue>) =>
        selectOrReject(c, v, a, k, false, (x) => !x),
      ),
    ],
    [
      'rejectattr',
      pyfunc('value, *args, **kwargs', (c, v, a: PyValue[], k: Map<string, PyValue>) =>
        selectOrReject(c, v, a, k, true, (x) => !x),
      ),
    ],
    [
      'select',
      pyfunc('value, *args, **kwargs', (c, v, a: PyValue[], k: Map<string, PyValue>) =>
        selectOrReject(c, v, a, k, false, (x) => x),
      ),
    ],
    [
      'selectattr',
      pyfunc('value, *args, **kwargs', (c, v, a: PyValue[], k: Map<string, PyValue>) =>
        selectOrReject(c, v, a, k, true, (x) => x),
      ),
    ],
  ];
}

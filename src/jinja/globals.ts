/** Jinja2's default globals: range, dict, lipsum, cycler, joiner, namespace. */
import { pyfunc, PyFunction, PyTypeError } from '../py/callable.js';
import { Markup, resolve, type PyValue } from '../py/values.js';
import { toNumber } from '../py/ops.js';
import { Cycler, makeJoiner, makeRange, Namespace } from './runtime/objects.js';
import { pyStr, typeName } from '../py/repr.js';
import { autoescaping } from './filters/util.js';
import { TemplateRuntimeError } from './errors.js';

function intArg(v: PyValue): number {
  v = resolve(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  throw new PyTypeError(`'${typeName(v)}' object cannot be interpreted as an integer`);
}

const WORDS =
  'a ac accumsan ad adipiscing aenean aliquam aliquet amet ante aptent arcu at auctor augue bibendum blandit class commodo condimentum congue consectetuer consequat conubia convallis cras cubilia cum curabitur curae cursus dapibus diam dictum dictumst dignissim dis dolor donec dui duis egestas eget eleifend elementum elit enim erat eros est et etiam eu euismod facilisi facilisis fames faucibus felis fermentum feugiat fringilla fusce gravida habitant habitasse hac hendrerit hymenaeos iaculis id imperdiet in inceptos integer interdum ipsum justo lacinia lacus laoreet lectus leo libero ligula litora lobortis lorem luctus maecenas magna magnis malesuada massa mattis mauris metus mi molestie mollis montes morbi mus nam nascetur natoque nec neque netus nibh nisi nisl non nonummy nostra nulla nullam nunc odio orci ornare parturient pede pellentesque penatibus per pharetra phasellus placerat platea porta porttitor posuere potenti praesent pretium primis proin pulvinar purus quam quis quisque rhoncus ridiculus risus rutrum sagittis sapien scelerisque sed sem semper senectus sit sociis sociosqu sodales sollicitudin suscipit suspendisse taciti tellus tempor tempus tincidunt torquent tortor tristique turpis ullamcorper ultrices ultricies urna ut varius vehicula vel velit venenatis vestibulum vitae vivamus viverra volutpat vulputate'.split(
    ' ',
  );

export function defaultGlobals(): [string, PyFunction][] {
  return [
    [
      'range',
      pyfunc(
        '*args',
        (_c, args: PyValue[]) => {
          if (args.length === 0 || args.length > 3)
            throw new PyTypeError(`range expected at most 3 arguments, got ${args.length}`);
          const [a, b, s] = args.map(intArg);
          if (args.length === 1) return makeRange(0, a!, 1);
          if (s === 0) throw new TemplateRuntimeError('range() arg 3 must not be zero');
          return makeRange(a!, b!, s ?? 1);
        },
        'range',
      ),
    ],
    [
      'dict',
      pyfunc(
        '*args, **kwargs',
        (_c, args: PyValue[], kwargs: Map<string, PyValue>) => {
          const m = new Map<PyValue, PyValue>();
          if (args[0] !== undefined) {
            const src = resolve(args[0]);
            if (src instanceof Map) for (const [k, v] of src) m.set(k, v);
          }
          for (const [k, v] of kwargs) m.set(k, v);
          return m;
        },
        'dict',
      ),
    ],
    [
      'namespace',
      pyfunc(
        '*args, **kwargs',
        (_c, args: PyValue[], kwargs: Map<string, PyValue>) => {
          const ns = new Namespace();
          if (args[0] !== undefined) {
            const src = resolve(args[0]);
            if (src instanceof Map) for (const [k, v] of src) ns.attrs.set(pyStr(k), v);
          }
          for (const [k, v] of kwargs) ns.attrs.set(k, v);
          return ns;
        },
        'namespace',
      ),
    ],
    [
      'cycler',
      pyfunc(
        '*items',
        (_c, items: PyValue[]) => {
          if (!items.length) throw new TemplateRuntimeError('at least one item has to be provided');
          return new Cycler(items);
        },
        'cycler',
      ),
    ],
    ['joiner', pyfunc("sep=', '", (_c, sep) => makeJoiner(sep), 'joiner')],
    [
      'lipsum',
      pyfunc(
        'n=5, html=True, min=20, max=100',
        (c, n, html, min, max) => {
          const paras: string[] = [];
          const lo = toNumber(resolve(min) as number),
            hi = toNumber(resolve(max) as number);
          for (let p = 0; p < toNumber(resolve(n) as number); p++) {
            const count = lo + Math.floor(Math.random() * (hi - lo + 1));
            const words = Array.from(
              { length: count },
              () => WORDS[Math.floor(Math.random() * WORDS.length)]!,
            );
            const text = words.join(' ');
            paras.push(text.charAt(0).toUpperCase() + text.slice(1) + '.');
          }
          if (html === false) return paras.join('\n\n');
          const out = paras.map((x) => `<p>${x}</p>`).join('\n');
          return autoescaping(c) ? new Markup(out) : out;
        },
        'lipsum',
      ),
    ],
  ];
}

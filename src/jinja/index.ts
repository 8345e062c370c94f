/**
 * bosun's Jinja2 engine — the public API (what src/ansible builds on).
 *
 *   const env = new Environment({ trimBlocks: true, extensions: ['jinja2.ext.do'] });
 *   env.filters.set('to_json', pyfunc('value, indent=None', …));
 *   env.fromString('Hello {{ name }}').render({ name: 'world' });
 *   env.compileExpression('x > 1')(new Map([['x', 2]]));      // true
 *   tmpl.render(varScope, { globals: extraGlobals });          // Ansible's layered variables
 */
export {
  Environment,
  type EnvironmentOptions,
  type FromStringOptions,
  type Callable,
  type JsCallable,
} from './environment.js';
export { Template, type RenderVars, type RenderOptions } from './template.js';
export { Context, type VarScope } from './context.js';
export {
  FileSystemLoader,
  DictLoader,
  ChoiceLoader,
  type Loader,
  type TemplateSource,
} from './loaders.js';
export {
  TemplateError,
  TemplateSyntaxError,
  TemplateRuntimeError,
  UndefinedError,
  TemplateNotFound,
} from './errors.js';
export { pyStr, pyRepr, floatRepr, strRepr, typeName } from '../py/repr.js';
export { truthy, contains, toList, pyLen } from '../py/ops.js';
export { eq, compare } from '../py/compare.js';
export { add } from '../py/arith.js';
export { percentFormat, formatSpec } from '../py/format.js';
export { pyJsonDumps, type DumpsOptions } from '../py/json.js';
export { getattr, getitem } from '../py/access.js';
export { escape } from './filters/strings.js';
export { Macro, Namespace } from './runtime/objects.js';
export * from '../py/values.js';
export {
  pyfunc,
  named,
  PyFunction,
  PyTypeError,
  callPyFunction,
  type CallInfo,
} from '../py/callable.js';

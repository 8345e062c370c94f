/** Symbol analysis over the syntax tree (what Jinja2's idtracking does, reduced). */
import type { CallArgs, Expr, Stmt, Target } from './ast.js';

function targetNames(t: Target, into: Set<string>): void {
  if (t.k === 'name') into.add(t.name);
  else if (t.k === 'tuple') for (const x of t.items) targetNames(x, into);
}

/** Names assigned in this scope (not inside nested scopes: for, macro, call, with, block, filter/set blocks). */
export function assignedNames(body: Stmt[], into = new Set<string>()): Set<string> {
  for (const st of body) {
    switch (st.k) {
      case 'set':
      case 'setblock':
        targetNames(st.target, into);
        break;
      case 'macro':
        into.add(st.def.name);
        break;
      case 'import':
        into.add(st.target);
        break;
      case 'fromimport':
        for (const [, alias] of st.names) into.add(alias);
        break;
      case 'if':
        assignedNames(st.body, into);
        assignedNames(st.else, into);
        break;
      // filter blocks and block sets render their bodies in an inner scope (Jinja2's frame.inner()).
      case 'autoescape':
        assignedNames(st.body, into);
        break;
    }
  }
  return into;
}

/**
 * Names assigned in this scope that must start from the enclosing scope's value (Jinja2's
 * VAR_LOAD_RESOLVE): read here before being assigned, in program order, or assigned in only
 * some branches of an `if`. The others start missing (Undefined when a nested scope reads them
 * before the assignment).
 */
export function initFromOuter(body: Stmt[]): Set<string> {
  const need = new Set<string>();
  scan(body, new Set(), need);
  return need;
}

function scan(body: Stmt[], stored: Set<string>, need: Set<string>): void {
  for (const st of body) {
    if (st.k === 'if') {
      for (const n of exprLoads(st.test)) if (!stored.has(n)) need.add(n);
      const a = new Set(stored),
        b = new Set(stored);
      scan(st.body, a, need);
      scan(st.else, b, need);
      for (const n of new Set([...a, ...b])) {
        if (stored.has(n)) continue;
        if (!(a.has(n) && b.has(n))) need.add(n);
        stored.add(n);
      }
      continue;
    }
    for (const n of loadedNames([st], new Set(), true)) if (!stored.has(n)) need.add(n);
    for (const n of assignedNames([st])) stored.add(n);
  }
}

function exprLoads(x: Expr): Set<string> {
  const s = new Set<string>();
  exprNames(x, s);
  return s;
}

/** Whether `extends` appears at the template's top level (possibly inside if/for). */
export function containsExtends(body: Stmt[]): boolean {
  for (const st of body) {
    if (st.k === 'extends') return true;
    if (st.k === 'if' && (containsExtends(st.body) || containsExtends(st.else))) return true;
    if (st.k === 'for' && (containsExtends(st.body) || containsExtends(st.else))) return true;
  }
  return false;
}

/**
 * Names loaded below: deep (every nested scope, for `loop`/`caller`/`varargs`/`kwargs`
 * detection) or shallow (only this scope, not the bodies of for/macro/call/with/block).
 */
export function loadedNames(body: Stmt[], into = new Set<string>(), shallow = false): Set<string> {
  const e = (x: Expr | null): void => {
    if (x) exprNames(x, into);
  };
  const nested = (b: Stmt[]): void => {
    if (!shallow) loadedNames(b, into);
  };
  for (const st of body) {
    switch (st.k) {
      case 'output':
        for (const n of st.nodes) if (typeof n !== 'string') e(n);
        break;
      case 'if':
        e(st.test);
        loadedNames(st.body, into, shallow);
        loadedNames(st.else, into, shallow);
        break;
      case 'for':
        e(st.iter);
        if (!shallow) e(st.filter);
        nested(st.body);
        nested(st.else);
        break;
      case 'set':
        e(st.value);
        if (st.target.k === 'nsref') into.add(st.target.name);
        break;
      case 'setblock':
        e(st.filter);
        nested(st.body);
        break;
      case 'macro':
        if (!shallow) for (const p of st.def.params) e(p.default);
        nested(st.def.body);
        break;
      case 'callblock':
        e(st.call);
        nested(st.body);
        break;
      case 'filterblock':
        e(st.filter);
        nested(st.body);
        break;
      case 'with':
        for (const [, x] of st.targets) e(x);
        nested(st.body);
        break;
      case 'block':
        nested(st.body);
        break;
      case 'extends':
      case 'include':
      case 'import':
      case 'fromimport':
        e(st.template);
        break;
      case 'autoescape':
        e(st.value);
        loadedNames(st.body, into, shallow);
        break;
      case 'do':
        e(st.expr);
        break;
    }
  }
  return into;
}

function argNames(a: CallArgs, into: Set<string>): void {
  for (const x of a.args) exprNames(x, into);
  for (const [, x] of a.kwargs) exprNames(x, into);
  if (a.dynArgs) exprNames(a.dynArgs, into);
  if (a.dynKwargs) exprNames(a.dynKwargs, into);
}

function exprNames(x: Expr, into: Set<string>): void {
  switch (x.k) {
    case 'name':
      into.add(x.name);
      break;
    case 'tuple':
    case 'list':
    case 'concat':
      for (const i of x.items) exprNames(i, into);
      break;
    case 'dict':
      for (const [k, v] of x.items) {
        exprNames(k, into);
        exprNames(v, into);
      }
      break;
    case 'getattr':
      exprNames(x.obj, into);
      break;
    case 'getitem':
      exprNames(x.obj, into);
      exprNames(x.key, into);
      break;
    case 'slice':
      for (const p of [x.start, x.stop, x.step]) if (p) exprNames(p, into);
      break;
    case 'call':
      exprNames(x.fn, into);
      argNames(x.args, into);
      break;
    case 'filter':
      if (x.node) exprNames(x.node, into);
      argNames(x.args, into);
      break;
    case 'test':
      exprNames(x.node, into);
      argNames(x.args, into);
      break;
    case 'binop':
    case 'and':
    case 'or':
      exprNames(x.left, into);
      exprNames(x.right, into);
      break;
    case 'unary':
      exprNames(x.node, into);
      break;
    case 'compare':
      exprNames(x.first, into);
      for (const o of x.ops) exprNames(o.expr, into);
      break;
    case 'cond':
      exprNames(x.test, into);
      exprNames(x.then, into);
      if (x.else) exprNames(x.else, into);
      break;
    case 'const':
      break;
  }
}

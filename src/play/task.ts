/**
 * One task on one host: conditionals, loops, retries (until), the action itself,
 * changed_when/failed_when, register. Returns the aggregate result; per-item lines are emitted
 * as items finish, as Ansible's default callback does.
 */
import { isBosunError, messageOf } from '../errors.js';
import { pyStr } from '../py/repr.js';
import { fromJs, isSequence, resolve, wrapVar, type PyValue } from '../py/values.js';
import { boolean } from '../ansible/boolean.js';
import type { LayeredScope } from '../vars/scope.js';
import { runAction, type ActionResult } from './action.js';
import { PlayError } from './errors.js';
import { loopItems } from './loops.js';
import type { HostStatus } from './output.js';
import { taskScope, type Inherited } from './scope.js';
import type { Engine, PlayState } from './state.js';
import type { TaskNode } from './types.js';

export interface TaskOutcome {
  status: HostStatus;
  result: Record<string, unknown>;
  ignored: boolean;
  /** Dynamic includes to run after this task, with the loop variables of each. */
  includes: { result: ActionResult; vars: Map<string, PyValue> }[];
}

function kwOf(task: TaskNode, inh: Inherited, key: string): PyValue | undefined {
  return task.kw.has(key) ? task.kw.get(key) : inh.kw.get(key);
}

export function boolKw(
  engine: Engine,
  scope: LayeredScope,
  task: TaskNode,
  inh: Inherited,
  key: string,
): boolean | undefined {
  const raw = kwOf(task, inh, key);
  if (raw === undefined) return undefined;
  const v = resolve(
    engine.templar.template(raw, scope, { file: task.origin.file, line: task.origin.line }),
  );
  return boolean(v);
}

function conditions(raw: PyValue | undefined): PyValue[] {
  if (raw === undefined) return [];
  const r = resolve(raw);
  if (r === null) return [];
  return isSequence(r) ? r : [r];
}

function evalAll(
  engine: Engine,
  conds: PyValue[],
  scope: LayeredScope,
  task: TaskNode,
): { ok: boolean; failed?: PyValue } {
  for (const c of conds) {
    if (typeof c === 'boolean') {
      if (!c) return { ok: false, failed: c };
      continue;
    }
    if (
      !engine.templar.evaluateConditional(c, scope, {
        file: task.origin.file,
        line: task.origin.line,
      })
    )
      return { ok: false, failed: c };
  }
  return { ok: true };
}

function whenHolds(
  engine: Engine,
  task: TaskNode,
  inh: Inherited,
  scope: LayeredScope,
): { ok: boolean; failed?: PyValue } {
  for (const w of inh.whens) {
    const r = evalAll(engine, conditions(w.cond), scope, task);
    if (!r.ok) return r;
  }
  return evalAll(engine, conditions(task.kw.get('when')), scope, task);
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function runTaskOnHost(
  engine: Engine,
  state: PlayState,
  task: TaskNode,
  host: string,
  inh: Inherited,
): Promise<TaskOutcome> {
  const taskVars = resolve(task.kw.get('vars') ?? null);
  const scope = taskScope(engine, state, host, inh, taskVars instanceof Map ? taskVars : undefined);
  const noLog = boolKw(engine, scope, task, inh, 'no_log') ?? false;
  const ignoreErrors = boolKw(engine, scope, task, inh, 'ignore_errors') ?? false;
  const loopKey = [...task.kw.keys()].find((k) => k === 'loop' || k.startsWith('with_'));
  const includes: TaskOutcome['includes'] = [];
  const register = task.kw.get('register');
  const registerName = register === undefined ? undefined : pyStr(register);
  const hs = engine.hosts.get(host)!;

  const one = async (
    itemScope: LayeredScope,
    itemVars: Map<string, PyValue>,
  ): Promise<Record<string, unknown>> => {
    const w = whenHolds(engine, task, inh, itemScope);
    if (!w.ok)
      return {
        changed: false,
        skipped: true,
        skip_reason: 'Conditional result was False',
        false_condition: w.failed ?? null,
      };
    const retriesRaw = task.kw.get('retries');
    const until = task.kw.get('until');
    let attempts = 1;
    if (until !== undefined) {
      const n =
        retriesRaw === undefined
          ? 3
          : Number(resolve(engine.templar.template(retriesRaw, itemScope)));
      attempts = n <= 0 ? 1 : n + 1;
    }
    const delayRaw = task.kw.get('delay');
    const delay =
      delayRaw === undefined ? 5 : Number(resolve(engine.templar.template(delayRaw, itemScope)));
    let result: Record<string, unknown> = {};
    for (let attempt = 1; attempt <= attempts; attempt++) {
      let action: ActionResult;
      try {
        action = await runAction(engine, state, task, host, inh, itemScope);
      } catch (err) {
        if (isBosunError(err) && !(err instanceof PlayError && err.code === 'play-args')) throw err;
        action = { result: { failed: true, msg: messageOf(err) } };
      }
      if (action.include) includes.push({ result: action, vars: itemVars });
      result = action.result;
      const withReg = registerName
        ? itemScope.with({ vars: new Map([[registerName, registered(task, result)]]), raw: true })
        : itemScope;
      if (task.kw.has('changed_when') && !result.skipped) {
        result.changed = evalAll(engine, conditions(task.kw.get('changed_when')), withReg, task).ok;
      }
      if (task.kw.has('failed_when') && !result.skipped) {
        const f = evalAll(engine, conditions(task.kw.get('failed_when')), withReg, task).ok;
        result.failed_when_result = f;
        result.failed = f;
      }
      if (until === undefined) break;
      result.attempts = attempt;
      const regScope = registerName
        ? itemScope.with({ vars: new Map([[registerName, registered(task, result)]]), raw: true })
        : itemScope.with({ vars: new Map([['__result', registered(task, result)]]), raw: true });
      if (evalAll(engine, conditions(until), regScope, task).ok) break;
      // Ansible reports attempts = retries (not retries + 1) when they run out.
      if (attempt === attempts) {
        result.failed = true;
        result.attempts = attempts - 1;
        break;
      }
      engine.out.emit({
        event: 'retry',
        host,
        task: pyStr(task.kw.get('name') ?? task.actionAsWritten),
        retriesLeft: attempts - attempt,
      });
      if (delay > 0) await sleep(delay * 1000);
    }
    if (result.changed === undefined) result.changed = false;
    if (noLog) result._ansible_no_log = true;
    return result;
  };

  let result: Record<string, unknown>;
  if (loopKey) {
    const loopControl = resolve(task.kw.get('loop_control') ?? null);
    const lc = loopControl instanceof Map ? loopControl : new Map<PyValue, PyValue>();
    const loopVar = pyStr(lc.get('loop_var') ?? 'item');
    const indexVar = lc.has('index_var') ? pyStr(lc.get('index_var')!) : undefined;
    // Ansible evaluates the task's conditionals against each item, but an undefined loop source
    // in a false `when` is skipped without error.
    let items: PyValue[];
    try {
      items = loopItems(
        loopKey,
        task.kw.get(loopKey)!,
        engine.templar,
        scope,
        task.origin,
        inh.role?.path ?? state.play.dir,
      );
    } catch (err) {
      if (!whenHolds(engine, task, { ...inh, whens: inh.whens }, scope).ok) {
        return finish(
          engine,
          task,
          hs,
          registerName,
          { changed: false, skipped: true, skip_reason: 'Conditional result was False' },
          ignoreErrors,
          includes,
        );
      }
      throw err;
    }
    const results: Record<string, unknown>[] = [];
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      const vars = new Map<string, PyValue>([
        [loopVar, item],
        ['ansible_loop_var', loopVar],
      ]);
      if (indexVar) vars.set(indexVar, i);
      if (lc.has('extended') && resolve(lc.get('extended')!) === true) {
        vars.set(
          'ansible_loop',
          new Map<PyValue, PyValue>([
            ['index', i + 1],
            ['index0', i],
            ['first', i === 0],
            ['last', i === items.length - 1],
            ['length', items.length],
            ['revindex', items.length - i],
            ['revindex0', items.length - i - 1],
            ['allitems', items],
            ['previtem', i > 0 ? items[i - 1]! : null],
            ['nextitem', i < items.length - 1 ? items[i + 1]! : null],
          ]),
        );
      }
      const itemScope = scope.with({ vars, raw: true });
      const r = await one(itemScope, vars);
      r[loopVar] = item;
      r.ansible_loop_var = loopVar;
      if (indexVar) {
        r[indexVar] = i;
        r.ansible_index_var = indexVar;
      }
      const labelRaw = lc.get('label');
      const label =
        labelRaw === undefined ? item : resolve(engine.templar.template(labelRaw, itemScope));
      results.push(r);
      const st: HostStatus = r.skipped
        ? 'skipped'
        : r.failed
          ? 'failed'
          : r.changed
            ? 'changed'
            : 'ok';
      if (task.action !== 'include_tasks' && task.action !== 'include_role') {
        engine.out.emit({
          event: 'result',
          host,
          status: st,
          result: r,
          item: noLog ? '(censored due to no_log)' : label,
          action: task.action,
          ignored: false,
        });
      }
      const pause = lc.get('pause');
      if (pause !== undefined) await sleep(Number(resolve(pause)) * 1000);
    }
    result = {
      results,
      changed: results.some((r) => r.changed === true),
      msg: 'All items completed',
      skipped: results.length > 0 && results.every((r) => r.skipped === true),
    };
    if (results.length === 0) {
      result.skipped = true;
      result.skipped_reason = 'No items in the list';
      delete result.msg;
    }
    if (results.some((r) => r.failed === true)) {
      result.failed = true;
      result.msg = 'One or more items failed';
    }
    return finish(engine, task, hs, registerName, result, ignoreErrors, includes, true);
  }
  result = await one(scope, new Map());
  return finish(engine, task, hs, registerName, result, ignoreErrors, includes);
}

/** Actions whose results are the playbook's own values (Ansible's C._ACTION_WITH_CLEAN_FACTS). */
const CLEAN_FACTS_ACTIONS = new Set(['set_fact', 'include_vars']);

/**
 * A task's result as a variable: data from the system, so unsafe (Ansible's TaskExecutor
 * wrap_var's every result but set_fact's and include_vars'): a later task never templates it.
 */
function registered(task: TaskNode, result: Record<string, unknown>): PyValue {
  const v = fromJs(result);
  return CLEAN_FACTS_ACTIONS.has(task.action) ? v : wrapVar(v);
}

function finish(
  engine: Engine,
  task: TaskNode,
  hs: { nonpersistent: Map<string, PyValue> },
  registerName: string | undefined,
  result: Record<string, unknown>,
  ignoreErrors: boolean,
  includes: TaskOutcome['includes'],
  looped = false,
): TaskOutcome {
  if (result.failed !== true) delete result.failed;
  if (result.skipped !== true) delete result.skipped;
  if (registerName) {
    const reg = { ...result };
    delete reg._ansible_no_log;
    if (!('failed' in reg) && !reg.skipped) reg.failed = false;
    hs.nonpersistent.set(registerName, registered(task, reg));
  }
  const status: HostStatus =
    result.failed === true
      ? 'failed'
      : result.skipped === true
        ? 'skipped'
        : result.changed === true
          ? 'changed'
          : 'ok';
  void engine;
  void task;
  void looped;
  return { status, result, ignored: status === 'failed' && ignoreErrors, includes };
}

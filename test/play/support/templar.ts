/**
 * Test-only stand-in for the ansible engineer's Templar (src/ansible/templar-impl.ts), built on
 * bosun's jinja engine: native single-expression values, strict undefined, conditionals. Replaced
 * by the real implementation as soon as it lands.
 */
import path from 'node:path';
import { readFileSync } from 'node:fs';
import type { Templar, VarScope } from '../../../src/ansible/templar.js';
import { Environment, FileSystemLoader, truthy, resolve, type PyValue } from '../../../src/jinja/index.js';

const env = new Environment({ undefined: 'strict', keepTrailingNewline: true });
const SINGLE = /^\{\{\s*([\s\S]*?)\s*\}\}$/;

function scopeVars(vars: VarScope): VarScope {
  return vars;
}

export function testTemplar(): Templar {
  const t: Templar = {
    isTemplate: (v) => typeof v === 'string' && /\{\{|\{%|\{#/.test(v),
    template(value, vars) {
      value = resolve(value);
      if (typeof value === 'string') {
        if (!t.isTemplate(value)) return value;
        const m = SINGLE.exec(value);
        if (m && !m[1]!.includes('}}')) return resolve(env.compileExpression(m[1]!, { undefinedToNone: false })(scopeVars(vars) as never));
        return env.fromString(value).render(scopeVars(vars) as never);
      }
      if (Array.isArray(value)) return value.map((v) => t.template(v, vars));
      if (value instanceof Map) {
        const out = new Map<PyValue, PyValue>();
        for (const [k, v] of value) out.set(t.template(k, vars), t.template(v, vars));
        return out;
      }
      return value;
    },
    evaluateConditional(cond, vars) {
      const c = resolve(cond);
      if (typeof c === 'boolean') return c;
      if (c === null) return false;
      let text = String(c);
      if (t.isTemplate(text)) text = String(t.template(text, vars));
      if (text === 'True' || text === 'true') return true;
      if (text === 'False' || text === 'false' || text === '') return false;
      return truthy(resolve(env.compileExpression(text, { undefinedToNone: false })(scopeVars(vars) as never)));
    },
    renderFile(file, vars, options = {}) {
      const fenv = new Environment({
        undefined: 'strict', keepTrailingNewline: true, trimBlocks: options.trimBlocks ?? true, lstripBlocks: options.lstripBlocks ?? false,
        loader: new FileSystemLoader([path.dirname(file), ...(options.searchPath ?? [])]),
      });
      return fenv.fromString(readFileSync(file, 'utf8'), { name: path.basename(file) }).render(vars as never);
    },
  };
  return t;
}

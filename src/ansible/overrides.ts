/** The `#jinja2:` first-line overrides: `#jinja2: trim_blocks: False, lstrip_blocks: True`. */
import { TemplateRuntimeError } from '../jinja/errors.js';
import type { PyValue } from '../py/values.js';
import { literalEval, NOT_LITERAL } from '../py/literal-eval.js';

export function parseOverrides(line: string): Map<string, PyValue> {
  const out = new Map<string, PyValue>();
  for (const pair of line.split(',')) {
    const i = pair.indexOf(':');
    if (i < 0)
      throw new TemplateRuntimeError(
        `failed to parse jinja2 override '${pair.trim()}'. Did you use something different from colon as key-value separator?`,
      );
    const key = pair.slice(0, i).trim();
    const v = literalEval(pair.slice(i + 1).trim());
    if (v === NOT_LITERAL)
      throw new TemplateRuntimeError(
        `malformed node or string in jinja2 override '${pair.trim()}'`,
      );
    out.set(key, v);
  }
  return out;
}

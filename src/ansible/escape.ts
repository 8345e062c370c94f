/**
 * Ansible's `_escape_backslashes`: inside `{{ }}`, backslashes in string literals are doubled so
 * that playbook authors can write "\\" for one backslash. Applies to Templar.template(), not to
 * template files.
 */
export function escapeBackslashes(data: string, varStart = '{{', varEnd = '}}'): string {
  if (!data.includes('\\') || !data.includes(varStart)) return data;
  let out = '';
  let i = 0;
  while (i < data.length) {
    const start = data.indexOf(varStart, i);
    if (start < 0) {
      out += data.slice(i);
      break;
    }
    out += data.slice(i, start + varStart.length);
    i = start + varStart.length;
    // Inside a variable: copy until the end delimiter, doubling backslashes inside string literals.
    while (i < data.length && !data.startsWith(varEnd, i)) {
      const c = data[i]!;
      if (c === '"' || c === "'") {
        const m = new RegExp(`^${c}(?:[^${c}\\\\]|\\\\[\\s\\S])*${c}`).exec(data.slice(i));
        if (m) {
          out += m[0].replace(/\\/g, '\\\\');
          i += m[0].length;
          continue;
        }
      }
      out += c;
      i++;
    }
  }
  return out;
}

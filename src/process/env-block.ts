/** An environment as execve and posix_spawn take it: `NAME=value` strings, unset values and names `keep` refuses left out. */
export function environmentBlock(
  env: Readonly<Record<string, string | undefined>>,
  keep: (name: string) => boolean = () => true,
): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(env)) if (v !== undefined && keep(k)) out.push(`${k}=${v}`);
  return out;
}

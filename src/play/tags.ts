/** --tags / --skip-tags: whether a task with these tags runs (`always`, `never`, `tagged`, `untagged`). */

export function selectedByTags(
  engine: { opts: { tags: string[]; skipTags: string[] } },
  tags: string[],
): boolean {
  const { tags: only, skipTags } = engine.opts;
  const set = new Set(tags);
  if (skipTags.length) {
    if (skipTags.some((t) => set.has(t))) return false;
    if (skipTags.includes('tagged') && set.size > 0) return false;
    if (skipTags.includes('untagged') && set.size === 0) return false;
  }
  if (only.length === 0 || only.includes('all'))
    return !set.has('never') || (set.has('never') && only.some((t) => set.has(t) && t !== 'never'));
  if (set.has('always') && !skipTags.includes('always')) return true;
  if (only.includes('tagged') && set.size > 0)
    return !set.has('never') || only.some((t) => set.has(t));
  if (only.includes('untagged') && set.size === 0) return true;
  return only.some((t) => set.has(t));
}

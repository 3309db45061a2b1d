/** An AWS tag as Clumio writes it. */
export interface Tag {
  readonly key: string;
  readonly value: string;
}

/** `{k: v}` → `[{key: k, value: v}]`, in the map's order. */
export function tagsFromMap(map: Readonly<Record<string, string>>): Tag[] {
  return Object.entries(map).map(([key, value]) => ({ key, value }));
}

// Array.isArray does not narrow a readonly array out of a union.
function isTagList(tags: Readonly<Record<string, string>> | readonly Tag[]): tags is readonly Tag[] {
  return Array.isArray(tags);
}

/**
 * Merges `append` into `base` (DESIGN §3.1 `append_tags`): a key already present takes the new value in
 * its place, new keys go at the end, and no key appears twice. Duplicates within `base` collapse to one
 * entry at the first position with the last value: AWS refuses duplicate tag keys.
 */
export function mergeTags(
  base: readonly Tag[],
  append: Readonly<Record<string, string>> | readonly Tag[] = [],
): Tag[] {
  const merged = new Map<string, string>();
  const appended = isTagList(append) ? append : tagsFromMap(append);
  for (const { key, value } of [...base, ...appended]) merged.set(key, value);
  return [...merged].map(([key, value]) => ({ key, value }));
}

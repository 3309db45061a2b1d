/**
 * Response serialisation with per-item caching. Dataset items never change, so each item's JSON is
 * built once and list pages are assembled from cached text: the lists benchmarks hammer stay cheap.
 */

const MARK = '\u0000simulator-items\u0000';
const MARK_JSON = JSON.stringify(MARK);
const cache = new WeakMap<object, string>();

/** An `_embedded.items` array whose elements are serialised through the item cache. */
export class ItemList {
  constructor(readonly items: readonly unknown[]) {}
}

function itemJson(item: unknown): string {
  if (typeof item !== 'object' || item === null) return JSON.stringify(item);
  let text = cache.get(item);
  if (text === undefined) {
    text = JSON.stringify(item);
    cache.set(item, text);
  }
  return text;
}

/** JSON text of a response body; at most one ItemList (a list envelope's items) is expected. */
export function serialize(body: unknown): string {
  let list: ItemList | undefined;
  const text = JSON.stringify(body, (_key, value: unknown) => {
    if (!(value instanceof ItemList)) return value;
    list = value;
    return MARK;
  });
  if (list === undefined) return text;
  const items = `[${list.items.map(itemJson).join(',')}]`;
  // A replacer function, so that '$' sequences inside item text are not taken as patterns.
  return text.replace(MARK_JSON, () => items);
}

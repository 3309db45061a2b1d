/** Seeded randomness: a sequential PRNG for fault dice and order-independent hashes for dataset values. */

/** mulberry32: tiny, fast and seedable; plenty for test data and fault dice. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * FNV-1a over the key, mixed with the seed and finalised like murmur3. Deriving every dataset value from
 * (seed, key) keeps ids stable whatever order or subset of assets gets generated.
 */
function hash32(seed: number, key: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function hex8(seed: number, key: string, salt: number): string {
  return hash32(seed + salt, key)
    .toString(16)
    .padStart(8, '0');
}

/** A UUID-v4-shaped id derived from (seed, key). */
export function uuidFrom(seed: number, key: string): string {
  const a = hex8(seed, key, 1);
  const b = hex8(seed, key, 2);
  const c = hex8(seed, key, 3);
  const d = hex8(seed, key, 4);
  const variant = ((parseInt(c.slice(0, 1), 16) & 0x3) | 0x8).toString(16);
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${variant}${c.slice(1, 4)}-${c.slice(4, 8)}${d}`;
}

/** `length` hex digits derived from (seed, key), e.g. the tail of an AWS id such as vol-0123…. */
export function hexFrom(seed: number, key: string, length: number): string {
  let out = '';
  for (let salt = 11; out.length < length; salt++) out += hex8(seed, key, salt);
  return out.slice(0, length);
}

/** An integer in [min, max] derived from (seed, key). */
export function intFrom(seed: number, key: string, min: number, max: number): number {
  return min + (hash32(seed + 7, key) % (max - min + 1));
}

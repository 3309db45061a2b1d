/** Versioned Accept negotiation (reference §2.1): per-resource versions, wildcard and ampersand forms. */

const PREFIX = 'application/api.clumio.';
const SUFFIX = '+json';

/** Media types that express no version preference: the latest version is served, as with no Accept. */
const ANY = new Set(['*/*', 'application/*', 'application/json']);

export function mediaType(resource: string, version: number): string {
  return `${PREFIX}${resource}=v${version}${SUFFIX}`;
}

/** The version an `application/api.clumio.…+json` type selects for a resource: its own entry, else `*`. */
function versionSelected(type: string, resource: string): number | undefined {
  if (!type.startsWith(PREFIX) || !type.endsWith(SUFFIX)) return undefined;
  const entries = type.slice(PREFIX.length, -SUFFIX.length).split('&');
  let wildcard: number | undefined;
  for (const entry of entries) {
    const match = /^([a-z0-9*-]+)=v(\d+)$/.exec(entry.trim());
    if (match === null) return undefined;
    const version = Number(match[2]);
    if (match[1] === resource) return version;
    if (match[1] === '*') wildcard = version;
  }
  return wildcard;
}

export type Negotiation = { readonly version: number } | { readonly refusal: string };

/** Choose the version to serve; a missing Accept gets the latest one. */
export function negotiate(
  accept: string | undefined,
  resource: string,
  versions: readonly number[],
): Negotiation {
  const latest = Math.max(...versions);
  if (accept === undefined || accept.trim() === '') return { version: latest };
  for (const part of accept.split(',')) {
    const type = (part.split(';')[0] ?? '').trim().toLowerCase();
    if (ANY.has(type)) return { version: latest };
    const version = versionSelected(type, resource);
    if (version !== undefined && versions.includes(version)) return { version };
  }
  const supported = versions.map((v) => mediaType(resource, v)).join(', ');
  return {
    refusal: `Accept "${accept}" does not select a supported version of this resource; use ${supported}`,
  };
}

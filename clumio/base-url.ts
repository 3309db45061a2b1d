import { ClumioConfigError } from './errors.js';

/** Portal hosts people copy from their browser, mapped to the API host of that portal (clumio-api §1). */
const portalToApiHost: Readonly<Record<string, string>> = {
  'west.portal.clumio.com': 'us-west-2.api.clumio.com',
  'portal.clumio.com': 'us-west-2.api.clumio.com',
  'east.portal.clumio.com': 'us-east-1.api.clumio.com',
  'us2.portal.clumio.com': 'us-east-1.api.clumio.com',
  'canada.portal.clumio.com': 'ca-central-1.ca.api.clumio.com',
  'eu1.portal.clumio.com': 'eu-central-1.de.api.clumio.com',
  'au.portal.clumio.com': 'ap-southeast-2.au.api.clumio.com',
};

export const DEFAULT_BASE_URL = 'https://us-west-2.api.clumio.com';

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/**
 * Turns every documented spelling of a Clumio base URL (host alone, with or without `https://`, with or
 * without a trailing `/`, or the portal address) into `https://<host>[:port]`. Plain `http://` is
 * accepted only for loopback hosts, where the bundled simulator runs.
 */
export function normaliseBaseUrl(input: string): string {
  const raw = input.trim();
  if (raw === '') throw new ClumioConfigError('Clumio base URL is empty (e.g. us-west-2.api.clumio.com)');
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new ClumioConfigError(`Clumio base URL "${raw}" is not a URL or host name`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new ClumioConfigError('Clumio base URL must not contain credentials');
  }
  if (url.protocol === 'http:') {
    if (!isLoopback(url.hostname)) {
      throw new ClumioConfigError(
        `Clumio base URL "${raw}": http:// is allowed only for loopback hosts (the simulator); use https://`,
      );
    }
  } else if (url.protocol !== 'https:') {
    throw new ClumioConfigError(`Clumio base URL "${raw}": unsupported scheme ${url.protocol}`);
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search !== '' || url.hash !== '') {
    throw new ClumioConfigError(
      `Clumio base URL "${raw}" must be a host without a path (e.g. us-west-2.api.clumio.com)`,
    );
  }
  const host = portalToApiHost[url.host.toLowerCase()] ?? url.host.toLowerCase();
  return `${url.protocol}//${host}`;
}

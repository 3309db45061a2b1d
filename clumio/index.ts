export { DEFAULT_BASE_URL, normaliseBaseUrl } from './base-url.js';
export {
  ClumioClient,
  PAGE_LIMIT,
  type CallOptions,
  type ClumioClientOptions,
  type ListOptions,
  type ListPage,
  type PageOptions,
  type RetryNotice,
} from './client.js';
export { endpoints, type EndpointName, type RestoreEndpointName } from './endpoints.js';
export * from './errors.js';
export { RateGovernor, type GovernorClock } from './rate-governor.js';
export { redact, registerSecret, REDACTED } from './redact.js';
export { defaultRetrySettings, type RetrySettings } from './retry.js';
export {
  clearTokenCache,
  resolveTokenProvider,
  secretToken,
  staticToken,
  tokenFromSecretString,
  type TokenProvider,
  type TokenSources,
} from './token.js';
export type { Filter, ListEnvelope, RestoreAccepted, Task, TaskStatus } from './types.js';

import type { Dataset } from './dataset.js';
import type { DatasetScale } from './dataset-types.js';
import type { StartedRestore } from './routes.js';
import type { TaskOutcome } from './tasks.js';

export const DEMO_TOKEN = 'clumio-simulator-demo-token';

export interface SimulatorOptions {
  /** Default 0: an ephemeral port. */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** The bearer token accepted; default DEMO_TOKEN. */
  token?: string;
  /** Dataset seed; default 1. */
  seed?: number;
  /** Clock for dataset timestamps, tasks and the request log; default () => new Date(). */
  now?: () => Date;
  /** How long a restore task runs before its outcome; default 5; 0 = done at the first read. */
  taskSeconds?: number;
  /** Default 100 (like Clumio); false = off. */
  rateLimitPerSecond?: number | false;
  /** Added to every response; default 0. */
  latencyMs?: number;
  faults?: FaultOptions;
  /** Extra synthetic assets or environments for load and pagination tests. */
  scale?: DatasetScale;
  /** The most items a list page holds, whatever `limit` asks (Clumio may serve fewer); default 100. */
  maxPageSize?: number;
  /** Absolute `_links` hrefs (http://host:port/…) instead of relative ones; default false. */
  absoluteLinks?: boolean;
  /**
   * What list `_links` hrefs carry besides the path: 'query' (default) every query parameter of the
   * request (`limit`, `filter`, `sort`, …) with the page's `start`; 'start' only `start`. Nothing
   * documents that Clumio's own links keep the filter, so a client must re-send it (as the SDKs do).
   */
  linkQuery?: 'query' | 'start';
  /**
   * RDS backup list items: 'current' (default) the Go SDK's model (`database_id`, `instance_class[]`,
   * `public_access[]`, `aws_kms_key_id`, `aws_security_group[]`, `aws_subnet_group`); 'legacy' the
   * Python SDK 1.0.3 model (`resource_id`, `instances[]`, `kms_key_native_id`,
   * `security_group_native_ids`, `subnet_group_name`, `option_group_name`). The read by id is always
   * the legacy form plus `parameter_group_name`, as in both SDKs.
   */
  rdsBackupShape?: 'current' | 'legacy';
  /** Keep the request log (`requests`, `count()`); default true. A long-running demo turns it off. */
  recordRequests?: boolean;
}

export interface FaultOptions {
  /** 0..1 share of requests answered 429 (seeded PRNG: the same sequence every run). */
  throttleShare?: number;
  /** 0..1 share answered 503. */
  serverErrorShare?: number;
  /** Sent as Retry-After on injected 429s when set. */
  retryAfterSeconds?: number;
  /** After N authenticated requests (counted from when this is set) every further request gets 401. */
  tokenExpiresAfterRequests?: number;
}

/** One-shot faults, consumed in order, for precise tests. */
export interface ScriptedFault {
  /** Case-insensitive; omitted = any. */
  method?: string;
  /** Exact path or a prefix ending in '*'; omitted = any. */
  path?: string;
  /** Default 1. */
  times?: number;
  /** reset = destroy the socket without a response; hang = never answer (until close). */
  kind: 'status' | 'reset' | 'hang';
  /** For kind 'status' (e.g. 429, 500, 503). */
  status?: number;
  /** Retry-After header for kind 'status'. */
  retryAfterSeconds?: number;
  /** true = the request IS processed (a restore really starts) before the fault answers; default false. */
  afterProcessing?: boolean;
}

export interface RequestRecord {
  seq: number;
  method: string;
  path: string;
  /** Raw (decoded) query strings. */
  query: Record<string, string>;
  /** Parsed `filter` JSON when present and valid. */
  filter?: unknown;
  /** Parsed JSON body of POST/PATCH. */
  body?: unknown;
  /** What was answered; 0 for reset/hang. */
  status: number;
  /** 'throttle' | 'server-error' | 'rate-limit' | 'reset' | 'hang' | 'token-expired' when injected
   * ('status-<n>' for a scripted status other than 429 and 5xx). */
  fault?: string;
  at: string;
}

export interface RequestMatch {
  method?: string;
  /** Exact path or a prefix ending in '*'. */
  path?: string;
  status?: number;
}

export interface RunningSimulator {
  /** 'http://127.0.0.1:<port>' */
  readonly url: string;
  readonly token: string;
  readonly dataset: Dataset;
  /** Every request received, in order. */
  readonly requests: readonly RequestRecord[];
  count(match?: RequestMatch): number;
  clearRequests(): void;
  /** Replace the probabilistic faults at run time. */
  setFaults(faults: FaultOptions): void;
  script(...faults: ScriptedFault[]): void;
  /** Decide how restores of a backup or asset end: by backup id or native id (vol-…, i-…, DB identifier,
   * table name, protection group name, bucket name) or Clumio asset id. */
  setTaskOutcome(backupIdOrAssetNativeId: string, outcome: TaskOutcome): void;
  /** Every accepted restore POST. */
  restores(): readonly StartedRestore[];
  /** Stops the server; also ends hanging requests. */
  close(): Promise<void>;
}

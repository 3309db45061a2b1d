import { ClumioClient, RateGovernor, resolveTokenProvider, type RetryNotice } from '../clumio/index.js';
import { ConfigError, readLambdaConfig, type LambdaConfig } from './config.js';
import {
  folderRunFiles,
  folderStoreObjects,
  s3RunFiles,
  s3StoreObjects,
  type RunFiles,
  type StoreObjects,
} from './run-store.js';

/**
 * What every handler needs, built from the configuration: one Clumio client per base URL, reused across
 * invocations of a container (keep-alive connections, and a refused token stays refused), all paced by
 * one rate governor (Clumio's limit is per organisation, whatever the URL), and the run's files.
 */
const clients = new Map<string, ClumioClient>();
let governor: RateGovernor | undefined;

type RetryListener = (notice: RetryNotice) => void;
const retryListeners = new Set<RetryListener>();

/**
 * Hears every retry of every Clumio client of this process (the CLI prints them while a user waits);
 * returns what stops it.
 */
export function onClumioRetry(listener: RetryListener): () => void {
  retryListeners.add(listener);
  return () => retryListeners.delete(listener);
}

export function clumioClient(config: LambdaConfig, baseUrl?: string | null): ClumioClient {
  const url = baseUrl || config.clumioBaseUrl;
  let client = clients.get(url);
  if (client === undefined) {
    if (governor?.budget !== config.clumioRequestsPerSecond) {
      governor = new RateGovernor(config.clumioRequestsPerSecond);
    }
    client = new ClumioClient({
      baseUrl: url,
      token: resolveTokenProvider({ env: process.env, secretArn: config.clumioTokenSecretArn }),
      retry: config.clumioRetry,
      governor,
      onRetry: (notice) => {
        for (const listener of retryListeners) listener(notice);
      },
    });
    clients.set(url, client);
  }
  return client;
}

/** Forgets the clients (the local runner starts each run afresh). */
export function resetClients(): void {
  clients.clear();
  governor = undefined;
}

export function runFiles(config: LambdaConfig, runId: string): RunFiles {
  const store = config.runStore;
  if (store === undefined)
    throw new ConfigError('neither RUN_BUCKET nor RUN_FOLDER is set: nowhere to keep the run');
  return 'bucket' in store ? s3RunFiles(store.bucket, runId) : folderRunFiles(store.folder, runId);
}

/** The run store outside any one run (an `input_key`): the run bucket, or locally RUN_STORE_ROOT. */
export function storeObjects(config: LambdaConfig): StoreObjects {
  const store = config.runStore;
  if (store !== undefined && 'bucket' in store) return s3StoreObjects(store.bucket);
  if (config.storeRoot === undefined)
    throw new ConfigError(
      'neither RUN_BUCKET nor RUN_STORE_ROOT is set: no run store to read an input_key in',
    );
  return folderStoreObjects(config.storeRoot);
}

export { readLambdaConfig };

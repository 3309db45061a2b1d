import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';

import type { S3Client } from '@aws-sdk/client-s3';

// Loaded on first use: the Lambdas that never touch the run bucket (StartRestore, CheckTask) start faster.
const s3Sdk = () => import('@aws-sdk/client-s3');

/** The files of one run, by key relative to the run: 'plan.json', 'groups/3.json', 'results/<map-run>/manifest.json', 'report.json', 'report.csv'. */
export interface RunFiles {
  readonly runId: string;
  /** Where a key lives, for messages and reports: 's3://bucket/runs/<id>/report.json' or an absolute file path. */
  where(key: string): string;
  /**
   * The bucket and full object key of a run key (S3: the run bucket and 'runs/<id>/<key>'; folder: the
   * pseudo bucket 'local' and the same 'runs/<id>/<key>'), as Step Functions ItemReader/ResultWriter
   * parameters name them.
   */
  locate(key: string): { bucket: string; key: string };
  /** Compact JSON, UTF-8, application/json. */
  putJson(key: string, value: unknown): Promise<void>;
  putText(key: string, text: string, contentType: string): Promise<void>;
  /** Rejects with a RunFileError naming where() when the file is missing or not JSON. */
  getJson<T>(key: string): Promise<T>;
  getText(key: string): Promise<string>;
  /** Run-relative keys that start with `prefix` ('' for all), recursive, sorted by code unit ('groups/10.json' < 'groups/2.json'). */
  list(prefix: string): Promise<string[]>;
}

/** A run file that is missing or does not hold what was asked for. */
export class RunFileError extends Error {
  override readonly name = 'RunFileError';
  constructor(
    readonly reason: 'missing' | 'not-json',
    /** RunFiles.where() of the file. */
    readonly where: string,
    options?: ErrorOptions,
  ) {
    super(
      reason === 'missing'
        ? `run file not found: ${where}`
        : `run file is not valid JSON: ${where} (${String(options?.cause)})`,
      options,
    );
  }
}

/** The pseudo bucket that ItemReader/ResultWriter parameters name on a local run. */
export const localBucket = 'local';

/** Step Functions execution names allow at most 80 of these characters; S3 keys take them unescaped. */
const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$/;

function checkRunId(runId: string): string {
  if (!RUN_ID.test(runId)) {
    throw new RangeError(`invalid run id "${runId}": use 1 to 80 letters, digits, '-' or '_'`);
  }
  return runId;
}

/**
 * Keys are '/'-separated and must mean the same file in S3 and in a folder, where a path would
 * normalise '.', '..' and empty segments away (or escape the run folder).
 */
function checkKey(key: string): string {
  const problem =
    key === ''
      ? 'it is empty'
      : key.startsWith('/')
        ? "it starts with '/'"
        : key.includes('\\')
          ? "it contains '\\'"
          : key.split('/').some((segment) => segment === '' || segment === '.' || segment === '..')
            ? "it has an empty, '.' or '..' segment"
            : undefined;
  if (problem !== undefined) throw new RangeError(`invalid run file key "${key}": ${problem}`);
  return key;
}

/** A list prefix is a key, a key with a trailing '/', or '' for the whole run. */
function checkPrefix(prefix: string): string {
  const key = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  if (prefix !== '') checkKey(key);
  return prefix;
}

const runRoot = (runId: string): string => `runs/${runId}/`;

/** Resolves the full key of an ItemReader/ResultWriter parameter back to a run-relative key (inverse of locate). */
export function runKeyOf(runId: string, fullKey: string): string {
  const root = runRoot(checkRunId(runId));
  if (!fullKey.startsWith(root)) {
    throw new RangeError(`object key "${fullKey}" is not a file of run ${runId}: expected it under ${root}`);
  }
  return checkKey(fullKey.slice(root.length));
}

/** '20261125T143501Z-k3f9q2': sorts by start time to the second; the suffix keeps same-second runs apart. */
export function newRunId(now: Date, random: () => number = Math.random): string {
  const stamp = now
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
  // min() keeps a random() that returns 1 to one character.
  const digit = (): string => Math.min(35, Math.floor(random() * 36)).toString(36);
  return `${stamp}-${Array.from({ length: 6 }, digit).join('')}`;
}

/** What differs between S3 and a folder; keys arrive checked. */
interface Backend {
  where(key: string): string;
  /** undefined when there is no such file. */
  read(key: string): Promise<string | undefined>;
  write(key: string, body: string, contentType: string): Promise<void>;
  /** Run-relative keys starting with prefix, in any order. */
  list(prefix: string): Promise<string[]>;
}

/** One read, write or listing of the run store, by its full key (`runs/<id>/plan.json`, `inputs/a.json`). */
export interface StoreAccess {
  readonly op: 'read' | 'write' | 'list';
  readonly key: string;
}

let observer: ((access: StoreAccess) => void) | undefined;

/**
 * Reports every access of this process to the run store to `watch` (undefined: to nobody). The local
 * runner tells which function made each one, so the tests can hold every function's IAM against them.
 */
export function observeStore(watch: ((access: StoreAccess) => void) | undefined): void {
  observer = watch;
}

function observed(backend: Backend, root: string): Backend {
  const note = (op: StoreAccess['op'], key: string): void => observer?.({ op, key: root + key });
  return {
    where: (key) => backend.where(key),
    read: (key) => {
      note('read', key);
      return backend.read(key);
    },
    write: (key, body, contentType) => {
      note('write', key);
      return backend.write(key, body, contentType);
    },
    list: (prefix) => {
      note('list', prefix);
      return backend.list(prefix);
    },
  };
}

function runFiles(runId: string, bucket: string, unobserved: Backend): RunFiles {
  const backend = observed(unobserved, runRoot(runId));
  const where = (key: string): string => backend.where(checkKey(key));
  const getText = async (key: string): Promise<string> => {
    const text = await backend.read(checkKey(key));
    if (text === undefined) throw new RunFileError('missing', backend.where(key));
    return text;
  };
  return {
    runId,
    where,
    locate: (key) => ({ bucket, key: runRoot(runId) + checkKey(key) }),
    async putJson(key, value) {
      const body = JSON.stringify(value) as string | undefined;
      // JSON.stringify(undefined) and friends give no text at all; writing 'undefined' would corrupt the run.
      if (body === undefined) throw new TypeError(`cannot write ${where(key)}: the value has no JSON form`);
      await backend.write(checkKey(key), body, 'application/json');
    },
    async putText(key, text, contentType) {
      await backend.write(checkKey(key), text, contentType);
    },
    getText,
    async getJson<T>(key: string): Promise<T> {
      const text = await getText(key);
      try {
        return JSON.parse(text) as T;
      } catch (error) {
        throw new RunFileError('not-json', backend.where(key), { cause: error });
      }
    },
    async list(prefix) {
      return (await backend.list(checkPrefix(prefix))).sort();
    },
  };
}

/** Made on first use and kept for the container: Lambda reuses it, and its connections, across invocations. */
let sharedClient: S3Client | undefined;

/** Objects at s3://<bucket>/runs/<runId>/<key>; encryption is the bucket's default. */
export function s3RunFiles(bucket: string, runId: string, s3?: S3Client): RunFiles {
  return runFiles(runId, bucket, s3Backend(bucket, runRoot(checkRunId(runId)), s3));
}

/** Objects at s3://<bucket>/<root><key>. */
function s3Backend(bucket: string, root: string, s3?: S3Client): Backend {
  const connect = async (): Promise<S3Client> => s3 ?? (sharedClient ??= new (await s3Sdk()).S3Client({}));
  return {
    where: (key) => `s3://${bucket}/${root}${key}`,
    async read(key) {
      const [client, { GetObjectCommand, NoSuchKey }] = await Promise.all([connect(), s3Sdk()]);
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: root + key }));
        return (await object.Body?.transformToString('utf-8')) ?? '';
      } catch (error) {
        if (error instanceof NoSuchKey) return undefined;
        throw error;
      }
    },
    async write(key, body, contentType) {
      const [client, { PutObjectCommand }] = await Promise.all([connect(), s3Sdk()]);
      await client.send(
        new PutObjectCommand({ Bucket: bucket, Key: root + key, Body: body, ContentType: contentType }),
      );
    },
    async list(prefix) {
      const [client, { ListObjectsV2Command }] = await Promise.all([connect(), s3Sdk()]);
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(
          new ListObjectsV2Command({
            Bucket: bucket,
            Prefix: root + prefix,
            ...(token !== undefined ? { ContinuationToken: token } : {}),
          }),
        );
        for (const object of page.Contents ?? []) {
          // Console "folders" are zero-byte objects ending in '/', not run files.
          if (object.Key !== undefined && !object.Key.endsWith('/')) keys.push(object.Key.slice(root.length));
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token !== undefined);
      return keys;
    },
  };
}

/** Temp files of writes in progress (or interrupted by a crash): never listed as run files. */
const TEMP_FILE = /^\..+\.[0-9a-f]{12}\.tmp$/;

/** Files at <dir>/<key>: dir is the run folder itself (runs/<runId>/ or the CLI's --out DIR). */
export function folderRunFiles(dir: string, runId: string): RunFiles {
  checkRunId(runId);
  return runFiles(runId, localBucket, folderBackend(dir));
}

/** Files at <dir>/<key>. */
function folderBackend(dir: string): Backend {
  const root = resolve(dir);
  const path = (key: string): string => join(root, ...key.split('/'));
  return {
    where: path,
    async read(key) {
      try {
        return await readFile(path(key), 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async write(key, body) {
      // Write a temp file beside the target, flush it, then rename over the target: readers see the old
      // file or the new one, never a partial one, even after a crash or power loss.
      const target = path(key);
      await mkdir(dirname(target), { recursive: true });
      const temp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
      try {
        const file = await open(temp, 'wx');
        try {
          await file.writeFile(body, 'utf8');
          await file.sync();
        } finally {
          await file.close();
        }
        await rename(temp, target);
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
    },
    async list(prefix) {
      // Walk only the deepest folder the prefix names; the rest of the prefix filters file names.
      const folder = prefix.slice(0, prefix.lastIndexOf('/') + 1);
      const start = folder === '' ? root : path(folder);
      let entries;
      try {
        entries = await readdir(start, { recursive: true, withFileTypes: true });
      } catch (error) {
        // No such folder (or a file where the prefix names one): nothing under the prefix, as in S3.
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') return [];
        throw error;
      }
      return entries
        .filter((entry) => entry.isFile() && !TEMP_FILE.test(entry.name))
        .map((entry) => relative(root, join(entry.parentPath, entry.name)).split(sep).join('/'))
        .filter((key) => key.startsWith(prefix));
    },
  };
}

/**
 * Objects of the run store by their full key (`inputs/…`, `runs/<run id>/…`), outside any one run: what an
 * `input_key` names.
 */
export interface StoreObjects {
  where(key: string): string;
  /** undefined when there is no such object. */
  getText(key: string): Promise<string | undefined>;
  putText(key: string, text: string, contentType: string): Promise<void>;
}

function storeObjects(unobserved: Backend): StoreObjects {
  const backend = observed(unobserved, '');
  return {
    where: (key) => backend.where(checkKey(key)),
    getText: (key) => backend.read(checkKey(key)),
    putText: (key, text, contentType) => backend.write(checkKey(key), text, contentType),
  };
}

/** The run bucket itself. */
export function s3StoreObjects(bucket: string, s3?: S3Client): StoreObjects {
  return storeObjects(s3Backend(bucket, '', s3));
}

/** The folder that plays the run bucket locally: `<root>/inputs/…`, `<root>/runs/<run id>/…`. */
export function folderStoreObjects(root: string): StoreObjects {
  return storeObjects(folderBackend(root));
}

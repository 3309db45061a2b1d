import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { CommandIO } from '../../local/commands/types.js';

/** A CommandIO that keeps what a command prints. */
export interface CapturedIO extends CommandIO {
  out(): string;
  err(): string;
}

export function captureIO(env: NodeJS.ProcessEnv): CapturedIO {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  return { stdout, stderr, env, out: () => out, err: () => err };
}

export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `cbr-${prefix}-`));
}

/** Every file below a folder, with its text. */
export async function filesBelow(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw error;
    },
  );
  for (const entry of entries) {
    if (entry.isFile()) {
      const path = join(entry.parentPath, entry.name);
      out.set(path, await readFile(path, 'utf8'));
    }
  }
  return out;
}

/** A CommandIO whose stdout is a terminal `columns` wide (isTTY, columns), keeping every byte written. */
export function captureTTY(env: NodeJS.ProcessEnv, columns = 80): CapturedIO {
  const io = captureIO(env);
  Object.assign(io.stdout, { isTTY: true, columns });
  return io;
}

/**
 * What a terminal shows after `raw` was written to it: the lines, with carriage returns moving back to
 * the start of the line and ESC[K clearing to its end, as a terminal does. Lines longer than `columns`
 * would wrap there: they are returned as they are, for the caller to measure.
 */
export function screen(raw: string): string[] {
  const lines: string[] = [];
  let line = '';
  let cursor = 0;
  for (let i = 0; i < raw.length; i++) {
    const char = raw[i] ?? '';
    if (raw.startsWith('\x1b[K', i)) {
      line = line.slice(0, cursor);
      i += 2;
    } else if (char === '\r') {
      cursor = 0;
    } else if (char === '\n') {
      lines.push(line);
      line = '';
      cursor = 0;
    } else {
      line = line.slice(0, cursor) + char + line.slice(cursor + 1);
      cursor++;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/**
 * A bulkRestore input of one EBS group over every `Bulk=load` volume of the simulator's
 * `scale.taggedVolumes`, restored to 222222222222/us-east-1a; `extra` adds top-level fields.
 */
export function loadGroupInput(
  maxRestores: number,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    ...extra,
    max_restores: maxRestores,
    RestoreGroups: [
      {
        ResourceType: 'EBS',
        source_account: '111111111111',
        source_region: 'us-east-1',
        search_tag_key: 'Bulk',
        search_tag_value: 'load',
        target_account: '222222222222',
        target_region: 'us-east-1',
        target_az: 'us-east-1a',
      },
    ],
  };
}

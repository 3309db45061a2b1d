import { expect } from 'chai';
import { filesBelow } from './helpers.js';

/**
 * The secret scan of the reliability suites: everything a run leaves where a person or a log shipper can
 * read it — stdout, stderr, the handlers' log lines and every file of every run folder — is collected
 * while a suite runs, then searched for the token once it is over.
 */
export class SecretScan {
  private readonly texts: { readonly where: string; readonly text: string }[] = [];
  private readonly folders = new Set<string>();

  constructor(readonly secret: string) {
    if (secret.length < 8) throw new Error('scan for a real-looking token (8 characters or more)');
  }

  /** A text that left the process (captured stdout, stderr, log lines). */
  text(where: string, text: string): void {
    this.texts.push({ where, text });
  }

  /** A run folder: every file below it is read when the scan runs. */
  folder(path: string): void {
    this.folders.add(path);
  }

  /** Asserts the token is nowhere; returns what was searched (for the README's figures). */
  async assertClean(): Promise<{ texts: number; files: number; bytes: number }> {
    const places: { where: string; text: string }[] = [...this.texts];
    for (const folder of this.folders) {
      for (const [path, text] of await filesBelow(folder)) places.push({ where: path, text });
    }
    const leaks = places.filter((p) => p.text.includes(this.secret)).map((p) => p.where);
    expect(leaks, 'places holding the token').to.deep.equal([]);
    return {
      texts: this.texts.length,
      files: places.length - this.texts.length,
      bytes: places.reduce((sum, p) => sum + Buffer.byteLength(p.text), 0),
    };
  }
}

/** The handlers' structured log lines, captured while their logger is turned up to INFO. */
export interface LogCapture {
  lines(): readonly string[];
  stop(): void;
}

/**
 * Turns the handlers' logger (handlers/logger.ts, one per process, as in a Lambda container) up to INFO
 * and keeps every line it writes to stdout instead of printing it; anything else written to stdout (the
 * test reporter) passes through. `stop()` puts the level and stdout back.
 *
 * The logger reads its level from the environment once, when its module is first loaded; loaded here
 * first, it starts SILENT, as `restore` starts it unless POWERTOOLS_LOG_LEVEL says otherwise, so that the
 * level put back by `stop()` keeps later tests of the same process quiet.
 */
export async function captureHandlerLogs(): Promise<LogCapture> {
  const unset = process.env.POWERTOOLS_LOG_LEVEL === undefined;
  if (unset) process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  const { logger } = await import('../../handlers/logger.js').finally(() => {
    if (unset) delete process.env.POWERTOOLS_LOG_LEVEL;
  });
  const lines: string[] = [];
  const level = logger.getLevelName();
  const original = process.stdout.write;
  const capture = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]): boolean {
    const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : '';
    if (text.startsWith('{"level":')) {
      lines.push(...text.split('\n').filter((line) => line !== ''));
      return true;
    }
    return (original as (this: NodeJS.WriteStream, ...args: unknown[]) => boolean).call(this, chunk, ...rest);
  };
  process.stdout.write = capture as typeof process.stdout.write;
  logger.setLogLevel('INFO');
  return {
    lines: () => lines,
    stop: () => {
      process.stdout.write = original;
      logger.setLogLevel(level);
    },
  };
}

import { parseArgs } from 'node:util';
import { exitCodeHelp, type CommandName } from './exit-codes.js';

/**
 * The one command-line parser of every command: a command declares its options in a table, and both its
 * parsing (node:util parseArgs) and its --help text come from that table, so the help always matches.
 */

export interface OptionSpec {
  readonly name: string;
  readonly short?: string;
  /** The value's placeholder in help (`FILE`); unset: a flag without a value. */
  readonly value?: string;
  readonly description: string;
  /** Shown without brackets in the usage line. */
  readonly required?: boolean;
}

export interface PositionalSpec {
  readonly name: string;
  readonly description: string;
}

export interface CommandSpec {
  readonly name: string;
  /** One sentence: what the command does. */
  readonly summary: string;
  readonly positionals?: readonly PositionalSpec[];
  readonly options: readonly OptionSpec[];
  /** The environment variables it reads (names of `environmentVariables`). */
  readonly environment?: readonly EnvironmentName[];
  /** Whose column of the exit-code table its help lists. */
  readonly exitCodes: CommandName;
}

/** Every environment variable a command reads, and what it does. */
export const environmentVariables = {
  CLUMIO_TOKEN: "the Clumio API token (beats the input's clumio_token); never printed or written",
  CLUMIO_BASE_URL:
    "the Clumio API host; --base-url beats it, and it beats the input's base_url and the stage default",
  CLUMIO_RETRY_LIMIT: 'retries of a failed Clumio request after the first attempt (default 6)',
  CLUMIO_RETRY_BASE_MS: 'first backoff of those retries in milliseconds, doubling (default 500)',
  POWERTOOLS_LOG_LEVEL: 'log level of the handlers the run executes in-process (default SILENT)',
} as const;

export type EnvironmentName = keyof typeof environmentVariables;

export const helpOption: OptionSpec = { name: 'help', short: 'h', description: 'print this help and exit' };

/** A command line that cannot be used: the message says why (the caller adds the usage line). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export type ParsedValues = Readonly<Record<string, string | boolean | undefined>>;

export type Parsed =
  | { readonly help: true }
  | { readonly help: false; readonly values: ParsedValues; readonly positionals: readonly string[] };

function allOptions(spec: CommandSpec): readonly OptionSpec[] {
  return [...spec.options, helpOption];
}

/** Parses `args` by the command's table; UsageError for anything the table does not allow. */
export function parseCommandLine(spec: CommandSpec, args: readonly string[]): Parsed {
  const options = allOptions(spec);
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: true,
      options: Object.fromEntries(
        options.map((o) => [
          o.name,
          { type: o.value === undefined ? 'boolean' : 'string', ...(o.short ? { short: o.short } : {}) },
        ]),
      ) as Record<string, { type: 'string' | 'boolean'; short?: string }>,
    });
  } catch (error) {
    throw new UsageError(parseErrorMessage(error, options));
  }
  if (parsed.values.help === true) return { help: true };
  const allowed = spec.positionals?.length ?? 0;
  if (parsed.positionals.length > allowed) {
    throw new UsageError(`unexpected argument "${parsed.positionals[allowed]}"`);
  }
  for (const option of spec.options) {
    if (option.required === true && parsed.values[option.name] === undefined) {
      throw new UsageError(`--${option.name} ${option.value ?? ''} is required`.replace(/ $/, ''));
    }
  }
  return { help: false, values: parsed.values, positionals: parsed.positionals };
}

/** parseArgs' errors in this CLI's words, with the nearest known option for a misspelt one. */
function parseErrorMessage(error: unknown, options: readonly OptionSpec[]): string {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const quoted = /'(-{1,2}[^' ]+)/.exec(message)?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const names = options.map((o) => `--${o.name}`);
    const near = nearest(quoted.replace(/=.*$/, ''), names);
    return `unknown option ${quoted}${near === undefined ? '' : ` (did you mean ${near}?)`}`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const long = /--([a-z][a-z-]*)/.exec(message)?.[1];
    const option = options.find((o) => o.name === long);
    if (option === undefined) return message;
    return option.value === undefined
      ? `--${option.name} takes no value`
      : `--${option.name} needs a value (${option.value})`;
  }
  return message;
}

/** Levenshtein distance: how many single-character edits turn `a` into `b`. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(
        Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost),
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The candidate nearest to `word`, when it is near enough to be a likely typo (or `word` starts it). */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  let best: { candidate: string; score: number } | undefined;
  for (const candidate of candidates) {
    const score = candidate.startsWith(word) && word.length >= 2 ? 0 : distance(word, candidate);
    if (best === undefined || score < best.score) best = { candidate, score };
  }
  if (best === undefined) return undefined;
  return best.score <= Math.max(2, Math.floor(best.candidate.length / 3)) ? best.candidate : undefined;
}

/** `restore --input FILE [options]`: the command, its required options, its positionals. */
export function usageLine(spec: CommandSpec): string {
  const required = spec.options
    .filter((o) => o.required === true)
    .map((o) => `--${o.name}${o.value ? ` ${o.value}` : ''}`);
  const positionals = (spec.positionals ?? []).map((p) => p.name);
  return ['clumio-bulk-restore', spec.name, ...required, '[options]', ...positionals].join(' ');
}

const HELP_WIDTH = 80;

/** Words of `text` in lines of at most `width` characters (a longer word keeps its own line). */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** `term` then its description, wrapped in a column that starts at `indent`. */
function entry(term: string, description: string, indent: number): string[] {
  const lines = wrap(description, HELP_WIDTH - indent);
  const first = term.length + 2 <= indent ? term.padEnd(indent) + (lines[0] ?? '') : term;
  const rest = term.length + 2 <= indent ? lines.slice(1) : lines;
  return [first.trimEnd(), ...rest.map((l) => ' '.repeat(indent) + l)];
}

/** The --help text: usage, summary, arguments, options, environment, exit codes. */
export function helpText(spec: CommandSpec): string {
  const indent = 26;
  const lines = [`usage: ${usageLine(spec)}`, '', ...wrap(spec.summary, HELP_WIDTH)];
  if (spec.positionals !== undefined && spec.positionals.length > 0) {
    lines.push('', 'arguments:');
    for (const p of spec.positionals) lines.push(...entry(`  ${p.name}`, p.description, indent));
  }
  lines.push('', 'options:');
  for (const o of allOptions(spec)) {
    const term = `  ${o.short ? `-${o.short}, ` : '    '}--${o.name}${o.value ? ` ${o.value}` : ''}`;
    lines.push(...entry(term, o.description, indent));
  }
  if (spec.environment !== undefined && spec.environment.length > 0) {
    lines.push('', 'environment:');
    for (const name of spec.environment) {
      lines.push(...entry(`  ${name}`, environmentVariables[name], indent));
    }
  }
  lines.push(
    '',
    'exit codes:',
    ...exitCodeHelp(spec.exitCodes)
      .split('\n')
      .flatMap((l) => wrapCode(l)),
  );
  return `${lines.join('\n')}\n`;
}

/** An exit-code line wrapped under its text. */
function wrapCode(line: string): string[] {
  const [, head = '', text = ''] = /^(\s+\d+\s+)(.*)$/.exec(line) ?? [];
  const lines = wrap(text, HELP_WIDTH - head.length);
  return lines.map((l, i) => (i === 0 ? head : ' '.repeat(head.length)) + l);
}

/** `72h`, `90m`, `1h30m`, `3600s`, `2d` or a number of seconds → seconds; UsageError otherwise. */
export function parseDuration(option: string, text: string): number {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  const unit: Record<string, number> = { d: 86_400, h: 3600, m: 60, s: 1 };
  if (!/^(\d+(\.\d+)?[dhms])+$/.test(trimmed)) {
    throw new UsageError(`--${option} must be a duration such as 72h, 90m, 1h30m or 3600 (seconds)`);
  }
  let seconds = 0;
  for (const [, n = '0', u = 's'] of trimmed.matchAll(/(\d+(?:\.\d+)?)([dhms])/g)) {
    seconds += Number(n) * (unit[u] ?? 1);
  }
  return seconds;
}

/** A number of seconds above 0 (`--poll-interval`). */
export function positiveSeconds(option: string, text: string): number {
  const value = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text.trim()) || !(value > 0)) {
    throw new UsageError(`--${option} must be a number of seconds above 0, got "${text}"`);
  }
  return value;
}

/** `--output text|json`. */
export function outputFormat(value: string | boolean | undefined): 'text' | 'json' {
  if (value === undefined || value === 'text') return 'text';
  if (value === 'json') return 'json';
  throw new UsageError(`--output must be text or json, got "${String(value)}"`);
}

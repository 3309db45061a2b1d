import { readFile } from 'node:fs/promises';

import { resourceTypes } from '../../restorers/index.js';
import { decodeRestoreInput, type Problem } from '../../schemas/index.js';
import { parseJson } from '../../schemas/json.js';
import { EXIT_OK, EXIT_USAGE, type Command } from './types.js';

const USAGE = 'usage: clumio-bulk-restore validate FILE\n';

const READ_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'it is a directory',
};

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function line(kind: 'error' | 'warning', problem: Problem): string {
  return problem.path === '' ? `${kind}: ${problem.message}` : `${kind}: ${problem.path}: ${problem.message}`;
}

/** `validate FILE` (DESIGN §6): decodes a bulkRestore input and prints every problem; exit 0 or 2. */
export const validate: Command = async (args, io) => {
  const [file, ...extra] = args;
  if (file === '--help' || file === '-h') {
    io.stdout.write(USAGE);
    return EXIT_OK;
  }
  if (file === undefined || file.startsWith('-') || extra.length > 0) {
    io.stderr.write(USAGE);
    return EXIT_USAGE;
  }

  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : '';
    io.stderr.write(`validate: cannot read ${file}: ${READ_ERRORS[code] ?? String(error)}\n`);
    return EXIT_USAGE;
  }

  const parsed = parseJson(text);
  if (!parsed.ok) {
    io.stdout.write(`error: ${file}:${parsed.line}:${parsed.column}: invalid JSON: ${parsed.message}\n`);
    io.stdout.write(`${file}: not valid JSON\n`);
    return EXIT_USAGE;
  }

  const result = decodeRestoreInput(parsed.value);
  const out: string[] = [];
  if (!result.ok) out.push(...result.problems.map((p) => line('error', p)));
  out.push(...result.warnings.map((p) => line('warning', p)));
  const warnings = result.warnings.length > 0 ? `, ${plural(result.warnings.length, 'warning')}` : '';
  if (result.ok) {
    const counts = resourceTypes
      .map((type) => [type, result.value.groups.filter((g) => g.ResourceType === type).length] as const)
      .filter(([, n]) => n > 0)
      .map(([type, n]) => `${type} ${n}`);
    out.push(
      `${file}: valid — ${plural(result.value.groups.length, 'group')} (${counts.join(', ')})${warnings}`,
    );
  } else {
    out.push(`${file}: ${plural(result.problems.length, 'problem')}${warnings}`);
  }
  // The decoder keeps the token out of every message, so these lines can be printed as they are.
  io.stdout.write(out.join('\n') + '\n');
  return result.ok ? EXIT_OK : EXIT_USAGE;
};

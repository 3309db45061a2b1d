import { resourceTypes } from '../../restorers/index.js';
import { decodeListInput, decodeRestoreInput, type Problem } from '../../schemas/index.js';
import { parseJson } from '../../schemas/json.js';
import { isRecord } from '../../core/fields.js';
import { EXIT_OK, EXIT_USAGE } from '../exit-codes.js';
import { outputFormat, UsageError } from '../options.js';
import { plural } from '../terminal.js';
import { commandLine, inputName, readInputText } from './local-run.js';
import { validateSpec } from './specs.js';
import type { Command } from './types.js';

function line(kind: 'error' | 'warning', problem: Problem): string {
  return problem.path === '' ? `${kind}: ${problem.message}` : `${kind}: ${problem.path}: ${problem.message}`;
}

type Kind = 'bulkRestore' | 'bulkList';

/** Which machine a document is for: a bulkList input names the account and types to list, not groups. */
function kindOf(document: unknown): Kind {
  if (!isRecord(document) || 'RestoreGroups' in document || 'DefaultInput' in document) return 'bulkRestore';
  return 'source_asset_types' in document || 'source_account' in document ? 'bulkList' : 'bulkRestore';
}

interface Verdict {
  readonly problems: readonly Problem[];
  readonly warnings: readonly Problem[];
  /** What a valid document holds, for the summary line. */
  readonly holds?: string;
}

function check(kind: Kind, document: unknown): Verdict {
  if (kind === 'bulkList') {
    const result = decodeListInput(document);
    if (!result.ok) return result;
    const { value } = result;
    const types = value.assetTypes.map((t) => t.resourceType);
    const regions = value.sourceRegions?.join(', ') ?? 'every connected region';
    return {
      problems: [],
      warnings: result.warnings,
      holds: `account ${value.sourceAccount}, ${plural(types.length, 'type')} (${types.join(', ')}), ${regions}`,
    };
  }
  const result = decodeRestoreInput(document);
  if (!result.ok) return result;
  const counts = resourceTypes
    .map((type) => [type, result.value.groups.filter((g) => g.ResourceType === type).length] as const)
    .filter(([, n]) => n > 0)
    .map(([type, n]) => `${type} ${n}`);
  return {
    problems: [],
    warnings: result.warnings,
    holds: `${plural(result.value.groups.length, 'group')} (${counts.join(', ')})`,
  };
}

/**
 * `validate FILE` (DESIGN §6): decodes a bulkRestore or a bulkList input and prints every problem; no
 * Clumio call. The decoders keep the token out of every message, so their lines print as they are.
 */
export const validate: Command = async (args, io) => {
  const options = commandLine(validateSpec, args, io, ({ values, positionals }) => {
    const [file] = positionals;
    if (file === undefined) throw new UsageError('FILE is required');
    return { file, output: outputFormat(values.output), quiet: values.quiet === true };
  });
  if (typeof options === 'number') return options;
  const { file, output, quiet } = options;
  const name = inputName(file);

  const text = await readInputText('validate', file, io);
  if (text === undefined) return EXIT_USAGE;
  const parsed = parseJson(text);
  const verdict: Verdict & { kind?: Kind } = parsed.ok
    ? { kind: kindOf(parsed.value), ...check(kindOf(parsed.value), parsed.value) }
    : {
        problems: [
          { path: '', message: `${name}:${parsed.line}:${parsed.column}: invalid JSON: ${parsed.message}` },
        ],
        warnings: [],
      };
  const valid = verdict.problems.length === 0;

  if (output === 'json') {
    io.stdout.write(
      `${JSON.stringify({ file: name, kind: verdict.kind ?? null, valid, problems: verdict.problems, warnings: verdict.warnings }, null, 2)}\n`,
    );
    return valid ? EXIT_OK : EXIT_USAGE;
  }
  const warnings = verdict.warnings.length > 0 ? `, ${plural(verdict.warnings.length, 'warning')}` : '';
  const summary = !parsed.ok
    ? `${name}: not valid JSON`
    : valid
      ? `${name}: valid ${verdict.kind} input — ${verdict.holds}${warnings}`
      : `${name}: ${verdict.kind} input with ${plural(verdict.problems.length, 'problem')}${warnings}`;
  const lines = quiet
    ? [summary]
    : [
        ...verdict.problems.map((p) => line('error', p)),
        ...verdict.warnings.map((p) => line('warning', p)),
        summary,
      ];
  io.stdout.write(`${lines.join('\n')}\n`);
  return valid ? EXIT_OK : EXIT_USAGE;
};

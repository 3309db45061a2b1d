/**
 * The exit codes of every command, in one table: the commands return them, `--help` lists them and the
 * README's table is this one (a test compares them).
 */

export type CommandName = 'restore' | 'list' | 'validate' | 'report' | 'simulate';

export interface ExitCode {
  readonly code: number;
  readonly name: string;
  /** What the code means for each command that can return it. */
  readonly meaning: Readonly<Partial<Record<CommandName, string>>>;
}

export const EXIT_OK = 0;
export const EXIT_INCOMPLETE = 1;
export const EXIT_USAGE = 2;
export const EXIT_CANNOT_PROCEED = 3;

export const exitCodes: readonly ExitCode[] = [
  {
    code: EXIT_OK,
    name: 'ok',
    meaning: {
      restore:
        'every planned restore completed and every group matched something (a dry run: every group planned)',
      list: 'the document is written and ready to run',
      validate: 'the input is valid (warnings may be printed)',
      report: 'report.html and report.csv are rewritten',
      simulate: 'the simulator ran and was stopped',
    },
  },
  {
    code: EXIT_INCOMPLETE,
    name: 'incomplete',
    meaning: {
      restore:
        'the run finished but not everything was restored: a restore failed, timed out or is unknown, ' +
        'a group matched nothing (no_match) or was skipped (not_planned)',
      list: 'the document is written but has values to fill in (each printed with its path)',
    },
  },
  {
    code: EXIT_USAGE,
    name: 'usage',
    meaning: {
      restore:
        'invalid input or usage, or --out holds an earlier run (no Clumio request made, nothing written)',
      list: 'invalid input or usage, or --out exists (no Clumio request made)',
      validate: 'the input has problems, is not JSON or cannot be read',
      report: 'invalid usage, or the folder holds no run report',
      simulate: 'invalid usage',
    },
  },
  {
    code: EXIT_CANNOT_PROCEED,
    name: 'cannot proceed',
    meaning: {
      restore:
        'the run could not proceed: token refused, Clumio unreachable, a group that cannot be planned, ' +
        'a plan larger than max_restores',
      list: 'the discovery could not proceed: token refused, Clumio unreachable, a region not connected',
      simulate: 'the simulator could not listen on its port',
    },
  },
];

/** The exit code of a state machine run that failed with `error` (the execution's error name). */
export function exitCodeOfRunError(error: string): number {
  if (error === 'InvalidInput') return EXIT_USAGE;
  if (error === 'RestoresFailed' || error === 'NoMatch' || error === 'GroupsSkipped') return EXIT_INCOMPLETE;
  return EXIT_CANNOT_PROCEED;
}

/** The codes a command returns, for its --help: `  0  ok: …`. */
export function exitCodeHelp(command: CommandName): string {
  return exitCodes
    .filter((e) => e.meaning[command] !== undefined)
    .map((e) => `  ${e.code}  ${e.name}: ${e.meaning[command]}`)
    .join('\n');
}

/** The README's table: one row per code, one column per command. */
export function exitCodeMarkdown(): string {
  const commands: CommandName[] = ['restore', 'list', 'validate', 'report', 'simulate'];
  const rows = [
    ['code', ...commands.map((c) => `\`${c}\``)],
    ['---', ...commands.map(() => '---')],
    ...exitCodes.map((e) => [`\`${e.code}\` ${e.name}`, ...commands.map((c) => e.meaning[c] ?? '—')]),
  ];
  return rows.map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

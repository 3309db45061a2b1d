import { interruptible } from '../commands/restore-session.js';
import { commandLine } from '../commands/local-run.js';
import { rerunStatuses } from '../commands/rerun.js';
import { onePositional } from '../commands/run-folder.js';
import { abortSpec, listSpec, rerunSpec, restoreSpec, statusSpec } from '../commands/specs.js';
import type { Command } from '../commands/types.js';
import { positiveSeconds, UsageError, type ParsedValues } from '../options.js';
import { abortDeployed, listDeployed, rerunDeployed, restoreDeployed, statusDeployed } from './commands.js';
import type { DeployedTarget } from './stack.js';

/**
 * The commands with `--stage S [--region R]`: the same tables of options as the local ones (so --help
 * lists both), RUN (a run id, or a local folder whose report names it) where a local command takes its
 * folder. `--poll-interval S` is how often the execution is looked at (default 15 s).
 */

/** Options of the local command that mean nothing on the deployed stack. */
function refuseLocalOnly(values: ParsedValues, names: readonly string[]): void {
  for (const name of names) {
    if (values[name] !== undefined) {
      throw new UsageError(
        `--${name} applies to a local run, not with --stage (the stage's own settings apply)`,
      );
    }
  }
}

function targetOf(values: ParsedValues): DeployedTarget {
  const stage = values.stage;
  if (typeof stage !== 'string' || !/^[A-Za-z0-9-]+$/.test(stage)) {
    throw new UsageError('--stage takes the stage name it was deployed with (letters, digits, -)');
  }
  return { stage, ...(typeof values.region === 'string' ? { region: values.region } : {}) };
}

const text = (values: ParsedValues, name: string): string | undefined => {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
};

/** `{key: value}` for a string option that was given, `{}` otherwise. */
function given<K extends string>(values: ParsedValues, name: string, key: K): { [P in K]?: string } {
  const value = text(values, name);
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}

function pollMs(values: ParsedValues): { pollMs?: number } {
  const seconds = text(values, 'poll-interval');
  return seconds === undefined ? {} : { pollMs: positiveSeconds('poll-interval', seconds) * 1000 };
}

export const deployedCommands: Readonly<Record<string, Command>> = {
  restore: async (args, io) => {
    const options = commandLine(restoreSpec, args, io, ({ values }) => {
      refuseLocalOnly(values, ['max-wait', 'concurrency', 'output', 'quiet']);
      return {
        target: targetOf(values),
        inputFile: text(values, 'input') ?? '',
        ...given(values, 'base-url', 'baseUrl'),
        ...given(values, 'out', 'out'),
        ...(values.force === true ? { force: true } : {}),
        ...(values['dry-run'] === true ? { dryRun: true } : {}),
        ...(values['skip-unplannable'] === true ? { skipUnplannable: true } : {}),
        ...pollMs(values),
      };
    });
    if (typeof options === 'number') return options;
    return interruptible(io, (signal) => restoreDeployed(options, io, signal), 'detach');
  },

  list: async (args, io) => {
    const options = commandLine(listSpec, args, io, ({ values }) => {
      refuseLocalOnly(values, ['base-url', 'force', 'output', 'quiet']);
      return {
        target: targetOf(values),
        inputFile: text(values, 'input') ?? '',
        ...given(values, 'out', 'out'),
        ...pollMs(values),
      };
    });
    if (typeof options === 'number') return options;
    return interruptible(io, (signal) => listDeployed(options, io, signal), 'detach');
  },

  status: async (args, io) => {
    const options = commandLine(statusSpec, args, io, ({ values, positionals }) => ({
      target: targetOf(values),
      run: onePositional(positionals, 'RUN'),
      ...(values.follow === true ? { follow: true } : {}),
      ...given(values, 'out', 'out'),
      ...given(values, 'base-url', 'baseUrl'),
      ...pollMs(values),
    }));
    if (typeof options === 'number') return options;
    return interruptible(io, (signal) => statusDeployed(options, io, signal), 'detach');
  },

  abort: async (args, io) => {
    const options = commandLine(abortSpec, args, io, ({ values, positionals }) => ({
      target: targetOf(values),
      run: onePositional(positionals, 'RUN'),
      ...(values.yes === true ? { yes: true } : {}),
      ...given(values, 'out', 'out'),
      ...given(values, 'base-url', 'baseUrl'),
    }));
    if (typeof options === 'number') return options;
    return abortDeployed(options, io);
  },

  rerun: async (args, io) => {
    const options = commandLine(rerunSpec, args, io, ({ values, positionals }) => {
      refuseLocalOnly(values, ['max-wait', 'concurrency']);
      return {
        target: targetOf(values),
        run: onePositional(positionals, 'RUN'),
        statuses: rerunStatuses(text(values, 'only'), values['include-unknown'] === true),
        ...(values['dry-run'] === true ? { dryRun: true } : {}),
        ...(values.force === true ? { force: true } : {}),
        ...given(values, 'out', 'out'),
        ...given(values, 'base-url', 'baseUrl'),
        ...pollMs(values),
      };
    });
    if (typeof options === 'number') return options;
    return interruptible(io, (signal) => rerunDeployed(options, io, signal), 'detach');
  },
};

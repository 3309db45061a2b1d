import { parseArgs, type ParseArgsConfig } from 'node:util';
import { interruptOnSignals } from '../commands/restore-session.js';
import { onePositional, optionalSeconds, UsageError } from '../commands/options.js';
import { rerunStatuses } from '../commands/rerun.js';
import { EXIT_OK, EXIT_USAGE, type Command, type CommandIO } from '../commands/types.js';
import { abortDeployed, listDeployed, rerunDeployed, restoreDeployed, statusDeployed } from './commands.js';
import type { DeployedTarget } from './stack.js';

/**
 * The commands with `--stage S [--region R]`: the same names and options as the local ones where they
 * mean the same, RUN (a run id, or a local folder whose report names it) where a local command takes its
 * folder. `--poll-interval S` is how often the execution is looked at (default 15 s).
 */

const target = { stage: { type: 'string' }, region: { type: 'string' } } as const;
const help = { help: { type: 'boolean', short: 'h' } } as const;

const USAGES: Readonly<Record<string, string>> = {
  restore:
    'usage: clumio-bulk-restore restore --input FILE --stage S [--region R] [--base-url URL] [--dry-run] [--out DIR] [--poll-interval SECONDS]\n',
  list: 'usage: clumio-bulk-restore list --input FILE --stage S [--region R] [--out FILE] [--poll-interval SECONDS]\n',
  status:
    'usage: clumio-bulk-restore status RUN --stage S [--region R] [--follow] [--out DIR] [--base-url URL] [--poll-interval SECONDS]\n',
  abort: 'usage: clumio-bulk-restore abort RUN --stage S [--region R] [--yes] [--out DIR] [--base-url URL]\n',
  rerun:
    'usage: clumio-bulk-restore rerun RUN --stage S [--region R] [--only failed,timed_out,aborted,unknown] [--include-unknown] [--dry-run] [--out DIR] [--base-url URL] [--poll-interval SECONDS]\n',
};

type Values = Record<string, string | boolean | undefined>;

function parsed(
  name: string,
  args: string[],
  options: ParseArgsConfig['options'],
  io: CommandIO,
): { values: Values; positionals: string[]; target: DeployedTarget } | number {
  try {
    const { values, positionals } = parseArgs({
      args,
      strict: true,
      allowPositionals: true,
      options: { ...options, ...target, ...help },
    });
    if (values.help === true) {
      io.stdout.write(USAGES[name] ?? '');
      return EXIT_OK;
    }
    const stage = values.stage;
    if (typeof stage !== 'string' || !/^[A-Za-z0-9-]+$/.test(stage)) {
      throw new UsageError('--stage takes the stage name it was deployed with (letters, digits, -)');
    }
    const region = typeof values.region === 'string' ? { region: values.region } : {};
    return { values: values as Values, positionals, target: { stage, ...region } };
  } catch (error) {
    io.stderr.write(`clumio-bulk-restore ${name}: ${(error as Error).message}\n${USAGES[name] ?? ''}`);
    return EXIT_USAGE;
  }
}

const str = (values: Values, key: string): { [k: string]: string } =>
  typeof values[key] === 'string' ? { [toCamel(key)]: values[key] } : {};
const toCamel = (key: string): string => key.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

function pollMs(values: Values): { pollMs?: number } {
  const seconds = optionalSeconds('poll-interval', values['poll-interval'] as string | undefined);
  return seconds === undefined ? {} : { pollMs: seconds * 1000 };
}

/** Ctrl-C while following detaches (the run goes on in AWS). */
async function withDetach(io: CommandIO, run: (signal: AbortSignal) => Promise<number>): Promise<number> {
  const interrupt = interruptOnSignals(io, 'detach');
  try {
    return await run(interrupt.signal);
  } finally {
    interrupt.dispose();
  }
}

function usageError(name: string, io: CommandIO, error: unknown): number {
  io.stderr.write(`clumio-bulk-restore ${name}: ${(error as Error).message}\n${USAGES[name] ?? ''}`);
  return EXIT_USAGE;
}

export const deployedCommands: Readonly<Record<string, Command>> = {
  restore: async (args, io) => {
    const p = parsed(
      'restore',
      args,
      {
        input: { type: 'string' },
        'base-url': { type: 'string' },
        'dry-run': { type: 'boolean' },
        out: { type: 'string' },
        'poll-interval': { type: 'string' },
      },
      io,
    );
    if (typeof p === 'number') return p;
    let options;
    try {
      if (p.positionals.length > 0) throw new UsageError(`unexpected argument "${p.positionals[0]}"`);
      if (typeof p.values.input !== 'string') throw new UsageError('--input FILE is required');
      options = {
        target: p.target,
        inputFile: p.values.input,
        ...str(p.values, 'base-url'),
        ...str(p.values, 'out'),
        ...(p.values['dry-run'] === true ? { dryRun: true } : {}),
        ...pollMs(p.values),
      };
    } catch (error) {
      return usageError('restore', io, error);
    }
    return withDetach(io, (signal) => restoreDeployed(options, io, signal));
  },

  list: async (args, io) => {
    const p = parsed(
      'list',
      args,
      { input: { type: 'string' }, out: { type: 'string' }, 'poll-interval': { type: 'string' } },
      io,
    );
    if (typeof p === 'number') return p;
    let options;
    try {
      if (p.positionals.length > 0) throw new UsageError(`unexpected argument "${p.positionals[0]}"`);
      if (typeof p.values.input !== 'string') throw new UsageError('--input FILE is required');
      options = { target: p.target, inputFile: p.values.input, ...str(p.values, 'out'), ...pollMs(p.values) };
    } catch (error) {
      return usageError('list', io, error);
    }
    return withDetach(io, (signal) => listDeployed(options, io, signal));
  },

  status: async (args, io) => {
    const p = parsed(
      'status',
      args,
      {
        follow: { type: 'boolean' },
        out: { type: 'string' },
        'base-url': { type: 'string' },
        'poll-interval': { type: 'string' },
      },
      io,
    );
    if (typeof p === 'number') return p;
    let options;
    try {
      options = {
        target: p.target,
        run: onePositional(p.positionals, 'RUN'),
        ...(p.values.follow === true ? { follow: true } : {}),
        ...str(p.values, 'out'),
        ...str(p.values, 'base-url'),
        ...pollMs(p.values),
      };
    } catch (error) {
      return usageError('status', io, error);
    }
    return withDetach(io, (signal) => statusDeployed(options, io, signal));
  },

  abort: async (args, io) => {
    const p = parsed(
      'abort',
      args,
      {
        yes: { type: 'boolean', short: 'y' },
        out: { type: 'string' },
        'base-url': { type: 'string' },
      },
      io,
    );
    if (typeof p === 'number') return p;
    let options;
    try {
      options = {
        target: p.target,
        run: onePositional(p.positionals, 'RUN'),
        ...(p.values.yes === true ? { yes: true } : {}),
        ...str(p.values, 'out'),
        ...str(p.values, 'base-url'),
      };
    } catch (error) {
      return usageError('abort', io, error);
    }
    return abortDeployed(options, io);
  },

  rerun: async (args, io) => {
    const p = parsed(
      'rerun',
      args,
      {
        only: { type: 'string' },
        'include-unknown': { type: 'boolean' },
        'dry-run': { type: 'boolean' },
        out: { type: 'string' },
        'base-url': { type: 'string' },
        'poll-interval': { type: 'string' },
      },
      io,
    );
    if (typeof p === 'number') return p;
    let options;
    try {
      options = {
        target: p.target,
        run: onePositional(p.positionals, 'RUN'),
        statuses: rerunStatuses(p.values.only as string | undefined, p.values['include-unknown'] === true),
        ...(p.values['dry-run'] === true ? { dryRun: true } : {}),
        ...str(p.values, 'out'),
        ...str(p.values, 'base-url'),
        ...pollMs(p.values),
      };
    } catch (error) {
      return usageError('rerun', io, error);
    }
    return withDetach(io, (signal) => rerunDeployed(options, io, signal));
  },
};

import {
  DEMO_TOKEN,
  startSimulator,
  type RunningSimulator,
  type SimulatorOptions,
} from '../simulator/index.js';
import { EXIT_CANNOT_PROCEED, EXIT_OK } from '../exit-codes.js';
import { UsageError, type ParsedValues } from '../options.js';
import { commandLine } from './local-run.js';
import { simulateSpec } from './specs.js';
import type { Command, CommandIO } from './types.js';

function integer(name: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max)
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}`);
  return value;
}

function options(values: ParsedValues): SimulatorOptions {
  const text = (name: string): string | undefined => {
    const value = values[name];
    return typeof value === 'string' ? value : undefined;
  };
  if (text('token') === '') throw new UsageError('--token must not be empty');
  const taskSeconds = text('task-seconds') === undefined ? undefined : Number(text('task-seconds'));
  if (taskSeconds !== undefined && !(Number.isFinite(taskSeconds) && taskSeconds >= 0)) {
    throw new UsageError('--task-seconds must be a number of seconds, 0 or more');
  }
  return {
    port: integer('port', text('port'), 0, 65535) ?? 8080,
    host: text('host') ?? '127.0.0.1',
    token: text('token') ?? DEMO_TOKEN,
    seed: integer('seed', text('seed'), 0, 2 ** 32 - 1),
    taskSeconds,
    rateLimitPerSecond: values['no-rate-limit'] === true ? false : undefined,
    // Nobody reads the request log of a standalone server, and it would grow for as long as it runs.
    recordRequests: false,
  };
}

/**
 * Runs the simulator until SIGINT/SIGTERM, or until `signal` aborts (how tests stop it), then closes
 * it and returns 0. Prints the address and the token it accepts: this is a local demo server.
 */
export async function simulate(args: string[], io: CommandIO, signal?: AbortSignal): Promise<number> {
  const opts = commandLine(simulateSpec, args, io, ({ values }) => options(values));
  if (typeof opts === 'number') return opts;
  let sim: RunningSimulator;
  try {
    sim = await startSimulator(opts);
  } catch (error) {
    io.stderr.write(
      `clumio-bulk-restore simulate: cannot listen on ${opts.host}:${opts.port}: ${(error as Error).message}\n`,
    );
    return EXIT_CANNOT_PROCEED;
  }
  io.stdout.write(`Clumio simulator listening on ${sim.url}\ntoken: ${sim.token}\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      signal?.removeEventListener('abort', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    if (signal?.aborted === true) stop();
    else signal?.addEventListener('abort', stop, { once: true });
  });
  await sim.close();
  io.stdout.write('Clumio simulator stopped\n');
  return EXIT_OK;
}

simulate satisfies Command;

import { parseArgs } from 'node:util';
import {
  DEMO_TOKEN,
  startSimulator,
  type RunningSimulator,
  type SimulatorOptions,
} from '../simulator/index.js';
import { EXIT_CANNOT_PROCEED, EXIT_OK, EXIT_USAGE, type Command, type CommandIO } from './types.js';

const USAGE =
  'usage: clumio-bulk-restore simulate [--port N] [--host H] [--token T] [--seed S] [--task-seconds N] [--no-rate-limit]\n';

function integer(name: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max)
    throw new Error(`--${name} must be an integer from ${min} to ${max}`);
  return value;
}

function options(args: string[]): SimulatorOptions {
  const { values, positionals } = parseArgs({
    args,
    strict: true,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      token: { type: 'string' },
      seed: { type: 'string' },
      'task-seconds': { type: 'string' },
      'no-rate-limit': { type: 'boolean' },
    },
  });
  if (positionals.length > 0) throw new Error(`unexpected argument "${positionals[0]}"`);
  if (values.token === '') throw new Error('--token must not be empty');
  const taskSeconds = values['task-seconds'] === undefined ? undefined : Number(values['task-seconds']);
  if (taskSeconds !== undefined && !(Number.isFinite(taskSeconds) && taskSeconds >= 0)) {
    throw new Error('--task-seconds must be a number of seconds, 0 or more');
  }
  return {
    port: integer('port', values.port, 0, 65535) ?? 8080,
    host: values.host ?? '127.0.0.1',
    token: values.token ?? DEMO_TOKEN,
    seed: integer('seed', values.seed, 0, 2 ** 32 - 1),
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
  let opts: SimulatorOptions;
  try {
    opts = options(args);
  } catch (error) {
    io.stderr.write(`clumio-bulk-restore simulate: ${(error as Error).message}\n${USAGE}`);
    return EXIT_USAGE;
  }
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

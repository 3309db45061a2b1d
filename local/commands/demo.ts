import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startSimulator } from '../simulator/index.js';
import { projectRoot } from '../serverless-config.js';
import { EXIT_INTERRUPTED, EXIT_USAGE } from '../exit-codes.js';
import { exampleClock } from './example-clock.js';
import { commandLine } from './local-run.js';
import { runRestore } from './restore.js';
import { interruptible } from './restore-session.js';
import { demoSpec } from './specs.js';
import type { Command } from './types.js';

/**
 * `npm start`: the Clumio simulator on a free port, then a real bulk restore of examples/restore-input.json
 * (all five resource types), or of the example named, through the bulkRestore definition, exactly as
 * `restore` runs it.
 */
export const demo: Command = async (args, io) => {
  const parsed = commandLine(demoSpec, args, io, ({ positionals }) => ({
    example: positionals[0] ?? 'restore-input.json',
  }));
  if (typeof parsed === 'number') return parsed;
  const { example } = parsed;
  const text = /^[\w.-]+\.json$/.test(example)
    ? await readFile(join(projectRoot, 'examples', example), 'utf8').catch(() => undefined)
    : undefined;
  if (text === undefined) {
    io.stderr.write(`clumio-bulk-restore demo: no example ${example} in examples/\n`);
    return EXIT_USAGE;
  }
  const clock = exampleClock(JSON.parse(text) as unknown);
  const sim = await startSimulator({ port: 0, taskSeconds: 3, ...(clock !== undefined && { now: clock }) });
  io.stdout.write(
    `Clumio simulator on ${sim.url} (seeded data: 3 accounts, 7 regions; restores take ${3} s)\n` +
      (clock === undefined
        ? ''
        : `simulator clock: ${clock().toISOString()}, two days after the example's search_time, so its backups and restorable windows surround it\n`) +
      (example === 'restore-input.json'
        ? 'bulk restore of examples/restore-input.json: EBS, EC2, RDS, DynamoDB and protection groups\n\n'
        : `bulk restore of examples/${example}\n\n`),
  );
  const started = Date.now();
  try {
    const code = await interruptible(io, (signal) =>
      runRestore(
        { inputFile: join(projectRoot, 'examples', example), baseUrl: sim.url },
        { ...io, env: { ...io.env, CLUMIO_TOKEN: sim.token } },
        signal,
      ),
    );
    if (code === EXIT_INTERRUPTED) {
      io.stdout.write(
        "(the demo's simulator stops with the demo, and its tasks with it: against Clumio, the commands " +
          'above follow, stop or show the run)\n',
      );
    }
    return code;
  } finally {
    const restores = sim.count({ method: 'POST' });
    io.stdout.write(
      `\ndemo: ${((Date.now() - started) / 1000).toFixed(1)} s, ${sim.count()} Clumio requests ` +
        `(${restores} restore POSTs, ${sim.count({ path: '/tasks/*' })} task polls)\n`,
    );
    await sim.close();
  }
};

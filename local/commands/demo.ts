import { join } from 'node:path';
import { startSimulator } from '../simulator/index.js';
import { projectRoot } from '../serverless-config.js';
import { commandLine } from './local-run.js';
import { runRestore } from './restore.js';
import { demoSpec } from './specs.js';
import type { Command } from './types.js';

/**
 * `npm start`: the Clumio simulator on a free port, then a real bulk restore of examples/restore-input.json
 * (all five resource types) through the bulkRestore definition, exactly as `restore` runs it.
 */
export const demo: Command = async (args, io) => {
  const parsed = commandLine(demoSpec, args, io, () => ({}));
  if (typeof parsed === 'number') return parsed;
  const sim = await startSimulator({ port: 0, taskSeconds: 3 });
  io.stdout.write(
    `Clumio simulator on ${sim.url} (seeded data: 3 accounts, 7 regions; restores take ${3} s)\n` +
      'bulk restore of examples/restore-input.json: EBS, EC2, RDS, DynamoDB and protection groups\n\n',
  );
  const started = Date.now();
  try {
    return await runRestore(
      { inputFile: join(projectRoot, 'examples', 'restore-input.json'), baseUrl: sim.url },
      { ...io, env: { ...io.env, CLUMIO_TOKEN: sim.token } },
    );
  } finally {
    const restores = sim.count({ method: 'POST' });
    io.stdout.write(
      `\ndemo: ${((Date.now() - started) / 1000).toFixed(1)} s, ${sim.count()} Clumio requests ` +
        `(${restores} restore POSTs, ${sim.count({ path: '/tasks/*' })} task polls)\n`,
    );
    await sim.close();
  }
};

/** The Clumio API simulator: a real HTTP server following reference/clumio-api.md (DESIGN §8). */
import type { RunningSimulator, SimulatorOptions } from './options.js';
import { startServer } from './server.js';

export { DEMO_TOKEN } from './options.js';
export type {
  FaultOptions,
  RequestMatch,
  RequestRecord,
  RunningSimulator,
  ScriptedFault,
  SimulatorOptions,
} from './options.js';
export type * from './dataset-types.js';
export type * from './dataset.js';
export type * from './types/index.js';
export { buildDataset, findTagId } from './dataset-builder.js';
export type { StartedRestore } from './routes.js';
export type { SimulatedTask, TaskOutcome, SimulatedTaskStatus } from './tasks.js';

export function startSimulator(opts: SimulatorOptions = {}): Promise<RunningSimulator> {
  return startServer(opts);
}

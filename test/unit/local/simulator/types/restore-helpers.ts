import { expect } from 'chai';
import {
  startSimulator,
  type AwsEnvironment,
  type Dataset,
  type RunningSimulator,
  type SimulatedTask,
} from '../../../../../local/simulator/index.js';
import { FIXED_NOW, call, messages } from '../helpers.js';

/** The 202 body of a restore POST. */
export interface Accepted {
  _embedded: Record<string, SimulatedTask>;
  _links: Record<string, { href: string; type: string }>;
  task_id: string;
}

function environment(d: Dataset, account: string, region: string): AwsEnvironment {
  const env = d.environments.find((e) => e.account_native_id === account && e.aws_region === region);
  if (env === undefined) throw new Error(`no environment ${account}/${region}`);
  return env;
}

export function must<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('dataset lacks an expected item');
  return value;
}

/** A simulator for restore tests, with the source (prod us-east-1) and target (dr us-east-1) environments. */
export async function startRestoreSimulator(): Promise<{
  sim: RunningSimulator;
  d: Dataset;
  prodEast: AwsEnvironment;
  drEast: AwsEnvironment;
}> {
  const sim = await startSimulator({ now: () => FIXED_NOW, rateLimitPerSecond: false });
  const d = sim.dataset;
  return {
    sim,
    d,
    prodEast: environment(d, '111111111111', 'us-east-1'),
    drEast: environment(d, '222222222222', 'us-east-1'),
  };
}

/** POST and expect a refusal: status, the exact messages, and no restore started. */
export async function refusedBy(
  sim: RunningSimulator,
  path: string,
  body: unknown,
  status: number,
  expected: string[],
): Promise<void> {
  const before = sim.restores().length;
  const res = await call(sim, path, { json: body });
  expect(res.status, JSON.stringify(res.body)).to.equal(status);
  expect(res.headers['content-type']).to.equal('application/json');
  expect(messages(res.body)).to.deep.equal(expected);
  expect(sim.restores().length).to.equal(before);
}

export async function acceptedBy(sim: RunningSimulator, path: string, body: unknown): Promise<Accepted> {
  const res = await call<Accepted>(sim, path, { json: body });
  expect(res.status, JSON.stringify(res.body)).to.equal(202);
  expect(res.body.task_id).to.match(/^\d+$/);
  return res.body;
}

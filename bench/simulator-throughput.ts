/**
 * Simulator throughput: requests per second the simulator answers (rate limit off) for the calls the
 * product makes most. Prints figures; asserts nothing. Run: npx tsx bench/simulator-throughput.ts
 */
import { Agent, request } from 'node:http';
import { findTagId, startSimulator, type RunningSimulator } from '../local/simulator/index.js';

const REQUESTS = 2000;
const CONCURRENCY = 20;

/** GET with node:http and a keep-alive agent: a lighter client than got, so the figure is the server's. */
function get(agent: Agent, url: string, token: string): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

async function measure(sim: RunningSimulator, name: string, paths: readonly string[]): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  let next = 0;
  let bytes = 0;
  let failures = 0;
  const latencies: number[] = [];
  const worker = async (): Promise<void> => {
    while (next < REQUESTS) {
      const path = paths[next++ % paths.length] ?? '';
      const started = performance.now();
      const res = await get(agent, `${sim.url}${path}`, sim.token);
      latencies.push(performance.now() - started);
      bytes += res.bytes;
      if (res.status !== 200) failures += 1;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const pct = (p: number): string => (latencies[Math.floor((latencies.length - 1) * p)] ?? 0).toFixed(2);
  console.log(
    `${name.padEnd(56)} ${String(Math.round(REQUESTS / seconds)).padStart(6)} req/s   p50 ${pct(0.5)} ms   p99 ${pct(0.99)} ms   ${Math.round(bytes / REQUESTS / 1024)} KiB/response${failures > 0 ? `   ${failures} non-200` : ''}`,
  );
}

const filter = (f: object): string => encodeURIComponent(JSON.stringify(f));

console.log(`${REQUESTS} requests, concurrency ${CONCURRENCY}, keep-alive, rate limit off\n`);
const sim = await startSimulator({ rateLimitPerSecond: false });
try {
  await measure(sim, 'GET /datasources/aws/ebs-volumes?limit=100', [
    '/datasources/aws/ebs-volumes?limit=100',
  ]);
  const volumeIds = sim.dataset.volumes.map((v) => v.id);
  await measure(
    sim,
    'GET /backups/aws/ebs-volumes (one volume, limit=1)',
    volumeIds.map(
      (id) =>
        `/backups/aws/ebs-volumes?limit=1&sort=-start_timestamp&filter=${filter({ volume_id: { $eq: id }, start_timestamp: { $lte: new Date().toISOString().replace(/\.\d+Z$/, 'Z') } })}`,
    ),
  );
} finally {
  await sim.close();
}

const startedBig = performance.now();
const big = await startSimulator({ rateLimitPerSecond: false, scale: { taggedVolumes: 10_000 } });
console.log(`\nscale 10,000 tagged volumes: started in ${Math.round(performance.now() - startedBig)} ms`);
try {
  const env = big.dataset.environments[0]?.id ?? '';
  const tag = findTagId(big.dataset, env, 'Bulk', 'load') ?? '';
  await measure(big, 'GET /datasources/aws/ebs-volumes (10k, tag, limit=100)', [
    `/datasources/aws/ebs-volumes?limit=100&filter=${filter({ environment_id: { $eq: env }, 'tags.id': { $all: [tag] } })}`,
  ]);
  const ids = big.dataset.volumes.slice(-2000).map((v) => v.id);
  await measure(
    big,
    'GET /backups/aws/ebs-volumes (10k, one volume, limit=1)',
    ids.map((id) => `/backups/aws/ebs-volumes?limit=1&filter=${filter({ volume_id: { $eq: id } })}`),
  );
} finally {
  await big.close();
}

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { ClumioClient, staticToken } from '../../../clumio/index.js';
import {
  assemblePlan,
  lookupContext,
  PieceBudget,
  planPiece,
  planRun,
  type ChunkProgress,
  type GroupPart,
  type RunPlan,
} from '../../../workflows/planning.js';
import { startSimulator, type RunningSimulator } from '../../../local/simulator/index.js';
import { decodeRestoreInput, type RestoreInput } from '../../../schemas/index.js';

const examples = join(import.meta.dirname, '..', '..', '..', 'examples');
const now = new Date('2026-11-25T10:00:00Z');
const PAGE = 2;

function decode(document: unknown): RestoreInput {
  const decoded = decodeRestoreInput(document);
  if (!decoded.ok) throw new Error(JSON.stringify(decoded.problems));
  return decoded.value;
}

const ebs = (extra: object) => ({
  ResourceType: 'EBS',
  source_account: '111111111111',
  source_region: 'us-east-1',
  target_az: 'us-east-1a',
  ...extra,
});

/** Groups that page (a few items per page), name their restores, have problems or match nothing. */
async function documents(): Promise<Record<string, unknown>> {
  const mixed = JSON.parse(await readFile(join(examples, 'restore-input.json'), 'utf8')) as {
    RestoreGroups: unknown[];
  };
  return {
    'the mixed example and 23 tagged volumes': {
      ...mixed,
      RestoreGroups: [...mixed.RestoreGroups, ebs({ search_tag_key: 'Bulk', search_tag_value: 'load' })],
    },
    'several RDS databases, named after each source': {
      RestoreGroups: [
        {
          ResourceType: 'RDS',
          source_account: '111111111111',
          source_region: 'us-east-1',
          search_tag_key: 'Environment',
          search_tag_value: 'prod',
          target_rds_name: 'restored',
        },
      ],
    },
    'restores that would share one name': {
      RestoreGroups: [
        {
          ResourceType: 'RDS',
          source_account: '111111111111',
          source_region: 'us-east-1',
          search_tag_key: 'Environment',
          search_tag_value: 'prod',
          target_rds_name: 'a'.repeat(55),
        },
      ],
    },
    'volumes some of which cannot take target_iops, a tag nobody carries, an unknown pin': {
      RestoreGroups: [
        ebs({ search_tag_key: 'Bulk', search_tag_value: 'load' }),
        ebs({ search_tag_key: 'Environment', search_tag_value: 'prod', target_iops: 4000 }),
        ebs({ search_tag_key: 'Nobody', search_tag_value: 'here' }),
        ebs({ search_volume_id: 'vol-0000000000000dead' }),
      ],
    },
  };
}

/** Plans `input` piece after piece, each allowed `requests` asset pages and lookups, as PlanChunk does. */
async function inPieces(
  client: ClumioClient,
  input: RestoreInput,
  requests: number,
): Promise<{ plan: RunPlan; pieces: number }> {
  // What a piece keeps goes through JSON, as through the run store.
  const kept = new Map<string, string>();
  const store = {
    save: (group: number, name: string, value: unknown) =>
      Promise.resolve(void kept.set(`${group}/${name}`, JSON.stringify(value))),
    load: <T>(group: number, name: string) =>
      Promise.resolve(JSON.parse(kept.get(`${group}/${name}`) ?? 'null') as T),
  };
  const parts: GroupPart[] = [];
  let resume: ChunkProgress | undefined;
  let pieces = 0;
  do {
    const piece = await planPiece(input.groups, lookupContext(client, { now }), {
      ...(resume !== undefined ? { resume } : {}),
      budget: new PieceBudget(requests),
      store,
    });
    pieces += 1;
    parts.push(...(JSON.parse(JSON.stringify(piece.parts)) as GroupPart[]));
    resume =
      piece.progress === undefined
        ? undefined
        : (JSON.parse(JSON.stringify(piece.progress)) as ChunkProgress);
  } while (resume !== undefined);
  return { plan: assemblePlan(parts), pieces };
}

describe('workflows/planning in pieces: the same plan as at once, whatever the size of a piece', function () {
  this.timeout(30_000);
  let sim: RunningSimulator;
  let client: ClumioClient;
  before(async () => {
    sim = await startSimulator({
      now: () => now,
      rateLimitPerSecond: false,
      maxPageSize: PAGE,
      scale: { taggedVolumes: 23 },
    });
    client = new ClumioClient({ baseUrl: sim.url, token: staticToken(sim.token) });
  });
  after(() => sim.close());

  it('plans every document identically at once and in pieces of 1, 2, 5 and 40 requests', async () => {
    for (const [name, document] of Object.entries(await documents())) {
      const input = decode(document);
      // Plans are kept as JSON (plan.json): compared as such.
      const atOnce = JSON.parse(
        JSON.stringify(await planRun(input, lookupContext(client, { now }))),
      ) as RunPlan;
      for (const requests of [1, 2, 5, 40]) {
        const { plan, pieces } = await inPieces(client, input, requests);
        expect(plan, `${name}, pieces of ${requests}`).to.deep.equal(atOnce);
        if (requests === 1) expect(pieces, name).to.be.greaterThan(3);
      }
    }
  });

  it('gives the documents what they test: pages, several pieces per group, problems and no-backup entries', async () => {
    const docs = await documents();
    const mixed = await planRun(
      decode(docs['the mixed example and 23 tagged volumes']),
      lookupContext(client, { now }),
    );
    expect(mixed.problems).to.deep.equal([]);
    expect(new Set(mixed.records.map((r) => r.resourceType))).to.deep.equal(
      new Set(['EBS', 'EC2', 'RDS', 'DynamoDB', 'ProtectionGroup']),
    );
    expect(mixed.records.filter((r) => r.source.resourceNativeId?.startsWith('vol-')).length).to.be.at.least(
      23,
    );
    const named = await planRun(
      decode(docs['several RDS databases, named after each source']),
      lookupContext(client, { now }),
    );
    expect(named.records.length).to.be.greaterThan(PAGE);
    const clash = await planRun(
      decode(docs['restores that would share one name']),
      lookupContext(client, { now }),
    );
    expect(clash.records).to.deep.equal([]);
    expect(clash.problems[0]?.message).to.match(/would both be restored as a+-prod-us$/);
    const mixedProblems = await planRun(
      decode(docs['volumes some of which cannot take target_iops, a tag nobody carries, an unknown pin']),
      lookupContext(client, { now }),
    );
    expect(mixedProblems.problems.map((p) => p.path)).to.include.members([
      'RestoreGroups[1]',
      'RestoreGroups[3].search_volume_id',
    ]);
    expect(mixedProblems.noMatch.map((n) => n.groupIndex)).to.deep.equal([2]);
    expect(mixedProblems.problems.some((p) => /target_iops is only for/.test(p.message))).to.equal(true);
    expect(mixedProblems.records.map((r) => r.groupIndex)).to.include(0);
  });

  it('stops taking work once a piece has spent its requests, after four minutes, and when its invocation nears its deadline', () => {
    const budget = new PieceBudget(2);
    expect([budget.take(), budget.take(), budget.take(), budget.spent]).to.deep.equal([
      true,
      true,
      false,
      true,
    ]);
    let left = 200_000;
    const timed = new PieceBudget(100, () => left);
    expect(timed.take()).to.equal(true);
    left = 179_999;
    expect([timed.take(), timed.spent]).to.deep.equal([false, true]);
    left = 900_000;
    expect(timed.take()).to.equal(false);
    let now = 1_000;
    const slow = new PieceBudget(100, undefined, () => now);
    now += 239_999;
    expect(slow.take()).to.equal(true);
    now += 1;
    expect([slow.take(), slow.spent, slow.take()]).to.deep.equal([false, true, false]);
  });
});

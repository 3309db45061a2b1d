import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { ClumioClient, staticToken } from '../../../../clumio/index.js';
import { InvalidInput, ListFailed } from '../../../../workflows/errors.js';
import { validateList } from '../../../../workflows/bulk-list/list-validate.js';
import { folderRunFiles } from '../../../../workflows/run-store.js';
import { startSimulator, type RunningSimulator } from '../../../../local/simulator/index.js';
import { tempDir } from '../../../integration/helpers.js';

const TOKEN = 'list-steps-token-0f7d3b9a2c5e8164';

describe('workflows/bulk-list: ListValidate', () => {
  let sim: RunningSimulator;
  let client: ClumioClient;
  const run = { runId: 'list-steps-1', startedAt: '2026-11-25T12:00:00.000Z', inLambda: false };

  before(async () => {
    sim = await startSimulator({ rateLimitPerSecond: false });
    client = new ClumioClient({ baseUrl: sim.url, token: staticToken(sim.token) });
  });
  after(() => sim.close());
  beforeEach(() => sim.clearRequests());

  async function validate(input: unknown, inLambda = false) {
    const folder = await tempDir('list-steps');
    const files = folderRunFiles(folder, run.runId);
    const result = await validateList(input, { ...run, inLambda }, files, () => client);
    return { result, stored: await readFile(join(folder, 'list-input.json'), 'utf8') };
  }

  async function failure(input: unknown): Promise<Error> {
    try {
      await validate(input);
    } catch (error) {
      return error as Error;
    }
    return expect.fail('expected ListValidate to fail');
  }

  it('one scan per connected region × requested type, in region then registry order; the input kept without the token', async () => {
    const { result, stored } = await validate(
      {
        source_account: '333333333333',
        source_asset_types: { DynamoDB: {}, EBS: {} },
        clumio_token: TOKEN,
      },
      true,
    );
    const env = (region: string) =>
      sim.dataset.environments.find((e) => e.account_native_id === '333333333333' && e.aws_region === region)
        ?.id;
    expect(result).to.deep.equal({
      runId: run.runId,
      startedAt: run.startedAt,
      baseUrl: null,
      sourceAccount: '333333333333',
      regions: ['us-east-1', 'us-west-2'],
      scans: [
        { index: 0, region: 'us-east-1', resourceType: 'EBS', environmentId: env('us-east-1') },
        { index: 1, region: 'us-east-1', resourceType: 'DynamoDB', environmentId: env('us-east-1') },
        { index: 2, region: 'us-west-2', resourceType: 'EBS', environmentId: env('us-west-2') },
        { index: 3, region: 'us-west-2', resourceType: 'DynamoDB', environmentId: env('us-west-2') },
      ],
      warnings: ['clumio_token: ignored; the deployed service reads the token from its secret only'],
    });
    expect(stored).not.to.contain(TOKEN);
    expect(JSON.stringify(result)).not.to.contain(TOKEN);
  });

  it('an invalid input fails with InvalidInput before any Clumio request', async () => {
    const error = await failure({ source_account: '1', source_asset_types: {} });
    expect(error).to.be.instanceOf(InvalidInput);
    expect(error.message).to.equal(
      '2 problems:\nsource_account: expected a 12-digit AWS account id, got "1"\n' +
        'source_asset_types: required, an object with one member per type to list: one of EBS, EC2, RDS, DynamoDB, ProtectionGroup',
    );
    expect(sim.count()).to.equal(0);
  });

  it('an account without any connected environment fails with ListFailed', async () => {
    const error = await failure({ source_account: '999999999999', source_asset_types: { EBS: {} } });
    expect(error).to.be.instanceOf(ListFailed);
    expect(error.message).to.equal('account 999999999999 has no connected Clumio environment');
  });

  it('names every requested region that is not connected', async () => {
    const error = await failure({
      source_account: '222222222222',
      source_regions: ['us-west-2', 'eu-west-1', 'ap-south-1'],
      source_asset_types: { EBS: {} },
    });
    expect(error).to.be.instanceOf(ListFailed);
    expect(error.message).to.equal(
      'source_regions: eu-west-1, ap-south-1 are not connected regions of account 222222222222 (connected: us-east-1, us-west-2)',
    );
  });
});

import { expect } from 'chai';

import { ClumioClient, staticToken } from '../../../clumio/index.js';
import { startSimulator, type RunningSimulator } from '../../../local/simulator/index.js';
import { connectedEnvironments } from '../../../restorers/directory.js';
import { lookupContext } from '../../../workflows/planning.js';

const PROD = '111111111111';

describe('restorers/directory against the simulator', function () {
  this.timeout(20_000);
  let sim: RunningSimulator;
  let client: ClumioClient;

  before(async () => {
    sim = await startSimulator({ rateLimitPerSecond: false });
    client = new ClumioClient({ baseUrl: sim.url, token: staticToken(sim.token) });
  });
  after(() => sim.close());
  beforeEach(() => sim.clearRequests());

  it('connectedEnvironments: every connected environment of one account', async () => {
    const prod = await connectedEnvironments(lookupContext(client), PROD);
    expect(prod.map((e) => e.aws_region).sort()).to.deep.equal(['eu-west-1', 'us-east-1', 'us-west-2']);
    expect(await connectedEnvironments(lookupContext(client), '999999999999')).to.deep.equal([]);
    expect(sim.requests.every((r) => r.path === '/datasources/aws/environments')).to.equal(true);
  });
});

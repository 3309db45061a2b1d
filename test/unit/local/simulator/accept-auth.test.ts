import { expect } from 'chai';
import { startSimulator, type RunningSimulator } from '../../../../local/simulator/index.js';
import { FIXED_NOW, call, list, messages } from './helpers.js';

describe('simulator Accept headers, auth and routing', function () {
  let sim: RunningSimulator;

  before(async () => {
    sim = await startSimulator({ now: () => FIXED_NOW, rateLimitPerSecond: false, token: 'test-token-123' });
  });
  after(() => sim.close());

  describe('Accept (§2.1, §4)', () => {
    it('serves the exact versioned type and answers with it as Content-Type', async () => {
      const cases: [string, string][] = [
        ['/backups/aws/ebs-volumes', 'application/api.clumio.backup-aws-ebs-volumes=v2+json'],
        ['/backups/aws/ec2-instances', 'application/api.clumio.backup-aws-ec2-instances=v1+json'],
        ['/backups/protection-groups/s3-assets', 'application/api.clumio.backup-protection-groups=v1+json'],
        ['/datasources/aws/environments', 'application/api.clumio.aws-environments=v1+json'],
        ['/organizational-units', 'application/api.clumio.organizational-units=v2+json'],
        ['/tasks', 'application/api.clumio.tasks=v1+json'],
      ];
      for (const [path, accept] of cases) {
        const res = await list(sim, path, { accept });
        expect(res.status, path).to.equal(200);
        expect(res.headers['content-type'], path).to.equal(accept);
      }
    });

    it('accepts the wildcard and ampersand forms for the version they select', async () => {
      const wildcard = await list(sim, '/backups/aws/rds-resources', {
        accept: 'application/api.clumio.*=v1+json',
      });
      expect(wildcard.status).to.equal(200);
      expect(wildcard.headers['content-type']).to.equal(
        'application/api.clumio.backup-aws-rds-resources=v1+json',
      );
      const mixed = 'application/api.clumio.*=v1&backup-aws-ebs-volumes=v2&tasks=v1+json';
      expect((await list(sim, '/backups/aws/ebs-volumes', { accept: mixed })).status).to.equal(200);
      expect((await list(sim, '/tasks', { accept: mixed })).status).to.equal(200);
      const wildcardV2 = await list(sim, '/organizational-units', {
        accept: 'application/api.clumio.*=v2+json',
      });
      expect(wildcardV2.status).to.equal(200);
    });

    it('serves the latest version when Accept is missing or expresses no preference', async () => {
      for (const accept of [undefined, '*/*', 'application/json']) {
        const res = await list(sim, '/backups/aws/ebs-volumes?limit=1', { accept });
        expect(res.status, String(accept)).to.equal(200);
        expect(res.headers['content-type']).to.equal('application/api.clumio.backup-aws-ebs-volumes=v2+json');
      }
    });

    it('answers 406 with errors[] for a wrong version or resource, including v1 EBS backups', async () => {
      const cases: [string, string, string?][] = [
        ['/backups/aws/ebs-volumes', 'application/api.clumio.backup-aws-ebs-volumes=v1+json'],
        ['/backups/aws/ebs-volumes', 'application/api.clumio.*=v1+json'],
        ['/backups/aws/ec2-instances', 'application/api.clumio.backup-aws-ec2-instances=v2+json'],
        ['/backups/aws/ec2-instances', 'application/api.clumio.tasks=v1+json'],
        ['/tasks', 'text/html'],
        ['/restores/aws/ebs-volumes', 'application/api.clumio.restored-aws-ebs-volumes=v1+json', 'POST'],
      ];
      for (const [path, accept, method] of cases) {
        const res = await call(sim, path, {
          accept,
          method: method === 'POST' ? 'POST' : 'GET',
          json: method === 'POST' ? {} : undefined,
        });
        expect(res.status, `${path} ${accept}`).to.equal(406);
        expect(res.headers['content-type']).to.equal('application/json');
        expect(messages(res.body)[0]).to.contain(`Accept "${accept}" does not select a supported version`);
      }
      expect(sim.restores()).to.have.length(0);
    });
  });

  describe('auth (§10)', () => {
    it('answers 401 errors[] without a token or with a wrong one, and never echoes it', async () => {
      for (const token of [null, 'wrong-secret-token']) {
        const res = await call(sim, '/tasks', { token });
        expect(res.status).to.equal(401);
        expect(res.body).to.deep.equal({
          errors: [{ error_code: 401, error_message: 'unauthorized: the API token is missing or not valid' }],
        });
        expect(res.text).to.not.contain('wrong-secret-token');
      }
      const basic = await call(sim, '/tasks', { token: 'test-token-123x' });
      expect(basic.status).to.equal(401);
      expect(JSON.stringify(sim.requests)).to.not.contain('test-token-123');
      expect(JSON.stringify(sim.requests)).to.not.contain('wrong-secret-token');
    });

    it('uses the demo token by default', async () => {
      const demo = await startSimulator({ now: () => FIXED_NOW });
      try {
        expect(demo.token).to.equal('clumio-simulator-demo-token');
        expect((await call(demo, '/tasks')).status).to.equal(200);
      } finally {
        await demo.close();
      }
    });

    it('answers 403 for an organizational unit context the token cannot use', async () => {
      const header = 'x-clumio-organizationalunit-context';
      const other = await call(sim, '/tasks', { headers: { [header]: 'other-ou' } });
      expect(other.status).to.equal(403);
      expect(messages(other.body)).to.deep.equal([
        'organizational unit "other-ou" is not accessible with this token',
      ]);
      const root = sim.dataset.organizationalUnits[0]?.id ?? '';
      expect((await call(sim, '/tasks', { headers: { [header]: root } })).status).to.equal(200);
      expect((await call(sim, '/tasks', { headers: { [header]: '' } })).status).to.equal(200);
    });
  });

  describe('routing', () => {
    it('answers 404 for an unknown path and an unknown id, 405 for a wrong method', async () => {
      const unknown = await call(sim, '/backups/aws/s3-buckets');
      expect(unknown.status).to.equal(404);
      expect(messages(unknown.body)).to.deep.equal(['no such endpoint: GET /backups/aws/s3-buckets']);
      const id = await call(sim, '/backups/aws/ebs-volumes/no-such-backup');
      expect(id.status).to.equal(404);
      expect(messages(id.body)).to.deep.equal(['EBS backup "no-such-backup" not found']);
      const method = await call(sim, '/tasks', { method: 'DELETE' });
      expect(method.status).to.equal(405);
    });

    it('reads single items by id (1a, 2a, 3a, 4a, 5b, 6a, 7a, 8a)', async () => {
      const d = sim.dataset;
      const reads: [string, string | undefined][] = [
        ['/backups/aws/ebs-volumes/', d.backups.ebs[0]?.id],
        ['/backups/aws/ec2-instances/', d.backups.ec2[0]?.id],
        ['/backups/aws/rds-resources/', d.backups.rds[0]?.id],
        ['/backups/aws/dynamodb-tables/', d.backups.dynamodb[0]?.id],
        ['/backups/protection-groups/', d.backups.protectionGroups[0]?.id],
        ['/backups/protection-groups/s3-assets/', d.backups.pgS3Assets[0]?.id],
        ['/datasources/protection-groups/', d.protectionGroups[0]?.id],
        ['/datasources/protection-groups/s3-assets/', d.pgS3Assets[0]?.id],
        ['/datasources/aws/environments/', d.environments[0]?.id],
      ];
      for (const [prefix, id] of reads) {
        const res = await call<{ id: string }>(sim, `${prefix}${encodeURIComponent(id ?? '')}`);
        expect(res.status, prefix).to.equal(200);
        expect(res.body.id, prefix).to.equal(id);
      }
    });
  });
});

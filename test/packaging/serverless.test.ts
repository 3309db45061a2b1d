import { readFile } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import { join } from 'node:path';
import { expect } from 'chai';
import { packageStage, readZip, resourcesOfType, root, type Packaged } from './package.js';

describe('packaging: serverless package (offline)', function () {
  this.timeout(180_000);
  let dev: Packaged;
  let prod: Packaged;
  let version: string;

  before(async () => {
    version = (await readFile(join(root, 'VERSION'), 'utf8')).trim();
    dev = await packageStage('dev');
    prod = await packageStage('prod');
  });

  it('packages every function for nodejs22.x on arm64 with CODE_VERSION = VERSION', () => {
    for (const packaged of [dev, prod]) {
      const functions = resourcesOfType(packaged, 'AWS::Lambda::Function');
      expect(functions.length).to.be.greaterThan(0);
      for (const [, fn] of functions) {
        const props = fn.Properties as {
          Runtime: string;
          Architectures: string[];
          Environment: { Variables: Record<string, string> };
        };
        expect(props.Runtime).to.equal('nodejs22.x');
        expect(props.Architectures).to.deep.equal(['arm64']);
        expect(props.Environment.Variables.CODE_VERSION).to.equal(version);
      }
    }
  });

  it('resolves the stage params into each stage (prod differs from dev)', () => {
    const retention = (p: Packaged) =>
      resourcesOfType(p, 'AWS::Logs::LogGroup').map(([, g]) => g.Properties?.RetentionInDays);
    expect(retention(dev)).to.satisfy((r: unknown[]) => r.length > 0 && r.every((d) => d === 14));
    expect(retention(prod)).to.satisfy((r: unknown[]) => r.length > 0 && r.every((d) => d === 365));
    for (const p of [dev, prod]) {
      for (const [, fn] of resourcesOfType(p, 'AWS::Lambda::Function')) {
        const env = (fn.Properties as { Environment: { Variables: Record<string, string> } }).Environment
          .Variables;
        expect(env.CLUMIO_BASE_URL).to.equal('us-west-2.api.clumio.com');
        expect(env.CLUMIO_TOKEN_SECRET).to.equal('clumio/token/bulk_restore');
      }
    }
  });

  it('honours --param overrides at package time', async () => {
    const overridden = await packageStage('dev', ['--param=clumioBaseUrl=eu-central-1.de.api.clumio.com']);
    const [, fn] = resourcesOfType(overridden, 'AWS::Lambda::Function')[0] ?? [];
    const env = (fn?.Properties as { Environment: { Variables: Record<string, string> } }).Environment
      .Variables;
    expect(env.CLUMIO_BASE_URL).to.equal('eu-central-1.de.api.clumio.com');
  });

  it('builds one ESM bundle per function, with the AWS SDK left to the Lambda runtime', async () => {
    const functions = resourcesOfType(dev, 'AWS::Lambda::Function');
    for (const [logicalId, fn] of functions) {
      const handler = (fn.Properties as { Handler: string }).Handler;
      const name = logicalId.replace(/LambdaFunction$/, '');
      const artifact = join(dev.dir, `${name.charAt(0).toLowerCase()}${name.slice(1)}.zip`);
      const files = await readZip(artifact);
      const entry = `${handler.slice(0, handler.lastIndexOf('.'))}.mjs`;
      expect([...files.keys()]).to.include(entry);
      expect([...files.keys()].some((f) => f.startsWith('node_modules/'))).to.equal(false);
      const code = files.get(entry)?.toString('utf8') ?? '';
      expect(code).to.match(/from\s*"@aws-sdk\/client-secrets-manager"/);
      // Everything else is bundled: the only imports left are Node built-ins and the runtime's AWS SDK.
      const imports = [...code.matchAll(/(?:from|import)\s*"([^"]+)"/g)].map((m) => m[1]);
      expect(imports.filter((s) => !isBuiltin(s ?? '') && !s?.startsWith('@aws-sdk/'))).to.deep.equal([]);
    }
  });
});

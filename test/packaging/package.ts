import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const root = join(import.meta.dirname, '..', '..');

export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly [key: string]: unknown;
}

export interface Packaged {
  readonly dir: string;
  readonly template: { Resources: Record<string, CfnResource>; Outputs?: Record<string, unknown> };
}

/** Runs the real `serverless package` (offline, no credentials) into a temporary folder. */
export async function packageStage(stage: string, extraArgs: string[] = []): Promise<Packaged> {
  const dir = await mkdtemp(join(tmpdir(), `cbr-package-${stage}-`));
  await run('npx', ['serverless', 'package', '--stage', stage, '--package', dir, ...extraArgs], {
    cwd: root,
    env: { ...process.env, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_PROFILE: '' },
    maxBuffer: 16 * 1024 * 1024,
  });
  const template = JSON.parse(await readFile(join(dir, 'cloudformation-template-update-stack.json'), 'utf8'));
  return { dir, template };
}

export function resourcesOfType(packaged: Packaged, type: string): [string, CfnResource][] {
  return Object.entries(packaged.template.Resources).filter(([, r]) => r.Type === type);
}

export { readZip } from '../../local/zip.js';

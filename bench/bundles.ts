/**
 * B4: each function's bundle as `serverless package` builds it (esbuild, one ESM bundle per function,
 * `@aws-sdk/*` external), and the cold import time of that bundle: a fresh Node 22 process that imports the
 * extracted `.mjs`, timed inside the process around `await import()`, the median of several processes.
 *
 * `@aws-sdk/*` is provided by the Lambda runtime, not bundled. Two import figures are taken:
 * - deployed: the SDK packages resolve from the project's node_modules (as the runtime's own copy would),
 *   with the NODE_OPTIONS the template gives the function (--enable-source-maps reads the .map file);
 * - own code: the SDK imports resolve to empty stubs, so only the bundle itself is loaded and run.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { projectRoot } from '../local/serverless-config.js';
import { readZip } from '../local/zip.js';
import { packageStage, resourcesOfType, type Packaged } from '../test/packaging/package.js';
import { median } from './harness.js';

const run = promisify(execFile);

/** Node 22 of the `node` devDependency (the Lambda runtime is nodejs22.x), else this process's node. */
export function node22(): string {
  const local = join(projectRoot, 'node_modules', '.bin', 'node');
  return existsSync(local) ? local : process.execPath;
}

export interface ImportTiming {
  readonly medianMs: number;
  readonly runsMs: readonly number[];
}

/** Milliseconds of `await import(file)` in one fresh Node process, timed inside it. */
export async function importOnce(file: string, nodeOptions = ''): Promise<number> {
  const script =
    `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)});` +
    'process.stdout.write(String(performance.now() - t));';
  const { stdout } = await run(node22(), ['--input-type=module', '-e', script], {
    cwd: dirname(file),
    env: { PATH: process.env.PATH ?? '', NODE_OPTIONS: nodeOptions },
  });
  return Number(stdout.trim());
}

/** Median milliseconds of `await import(file)` in `runs` fresh Node processes. */
export async function measureImport(
  file: string,
  options: { readonly runs?: number; readonly nodeOptions?: string } = {},
): Promise<ImportTiming> {
  const runsMs: number[] = [];
  for (let i = 0; i < (options.runs ?? 7); i++) runsMs.push(await importOnce(file, options.nodeOptions));
  return { medianMs: median(runsMs), runsMs };
}

/** The names a bundle imports statically from each `@aws-sdk/*` package (esbuild's `import{A as b}from"…"`). */
export function sdkImports(bundle: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const match of bundle.matchAll(/import\s*\{([^}]*)\}\s*from\s*["'](@aws-sdk\/[^"']+)["']/g)) {
    const names = out.get(match[2] as string) ?? new Set<string>();
    for (const part of (match[1] as string).split(',')) {
      const name = part.trim().split(/\s+as\s+/)[0];
      if (name) names.add(name);
    }
    out.set(match[2] as string, names);
  }
  const other = /(?:from\s*|import\s*\(\s*|import\s*)["'](@aws-sdk\/[^"']+)["']/g;
  for (const match of bundle.matchAll(other)) {
    // A dynamic import() runs only when called, never at cold import: its package needs no names.
    if (!out.has(match[1] as string)) out.set(match[1] as string, new Set());
  }
  return out;
}

/** A node_modules folder where each imported `@aws-sdk/*` package exports empty classes of those names. */
async function writeSdkStubs(folder: string, imports: Map<string, Set<string>>): Promise<void> {
  for (const [pkg, names] of imports) {
    const dir = join(folder, 'node_modules', ...pkg.split('/'));
    await mkdir(dir, { recursive: true });
    await writeFile(
      join(dir, 'package.json'),
      JSON.stringify({ name: pkg, type: 'module', main: 'index.js' }),
    );
    await writeFile(
      join(dir, 'index.js'),
      [...names].map((n) => `export class ${n} extends Error {}`).join('\n') + '\n',
    );
  }
}

export interface BundlesFigures {
  readonly functions: readonly BundleFigures[];
  /** The `@aws-sdk/*` packages the bundles import, imported alone from node_modules. */
  readonly sdkPackages: readonly string[];
  readonly sdkAlone: ImportTiming;
}

export interface BundleFigures {
  readonly functionKey: string;
  readonly bundle: string;
  readonly bundleBytes: number;
  readonly zipBytes: number;
  readonly memoryMb: number;
  readonly nodeOptions: string;
  /** Imported with the SDK from node_modules and the function's NODE_OPTIONS. */
  readonly deployed: ImportTiming;
  /** The same without NODE_OPTIONS (what --enable-source-maps costs at load). */
  readonly withoutNodeOptions: ImportTiming;
  /** Imported with the SDK stubbed and no NODE_OPTIONS: the bundle alone. */
  readonly ownCode: ImportTiming;
}

/**
 * `serverless package --stage dev`, checked to hold one zip per function: serverless-esbuild builds in the
 * project's `.esbuild/`, so a package run elsewhere at the same time (the packaging tests) can leave this
 * one short. Retried twice, then an error.
 */
async function packageEveryFunction(): Promise<Packaged> {
  for (let attempt = 1; ; attempt++) {
    const packaged = await packageStage('dev');
    const expected = resourcesOfType(packaged, 'AWS::Lambda::Function').length;
    const zips = (await readdir(packaged.dir)).filter((f) => f.endsWith('.zip')).length;
    if (expected > 0 && zips === expected) return packaged;
    await rm(packaged.dir, { recursive: true, force: true });
    if (attempt === 3) {
      throw new Error(`serverless package produced ${zips} zips for ${expected} functions (3 attempts)`);
    }
  }
}

/** `serverless package --stage dev`, then every function's bundle sized and import-timed. */
export async function measureBundles(options: { readonly runs?: number } = {}): Promise<BundlesFigures> {
  const packaged = await packageEveryFunction();
  const work = await mkdtemp(join(tmpdir(), 'cbr-bench-bundles-'));
  try {
    const deployedDir = join(work, 'deployed');
    const stubbedDir = join(work, 'stubbed');
    await mkdir(deployedDir);
    await mkdir(stubbedDir);
    await symlink(join(projectRoot, 'node_modules'), join(deployedDir, 'node_modules'), 'dir');
    const functions = new Map(
      resourcesOfType(packaged, 'AWS::Lambda::Function').map(([, fn]) => {
        const p = fn.Properties ?? {};
        const key = basename(String((p.Code as { S3Key?: unknown } | undefined)?.S3Key ?? ''), '.zip');
        const variables = (p.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables;
        return [key, { memoryMb: Number(p.MemorySize), nodeOptions: String(variables?.NODE_OPTIONS ?? '') }];
      }),
    );
    const out: BundleFigures[] = [];
    const zips = (await readdir(packaged.dir)).filter((f) => f.endsWith('.zip')).sort();
    const stubs = new Map<string, Set<string>>();
    const bundles: { key: string; name: string; bytes: number; zipBytes: number }[] = [];
    for (const zip of zips) {
      const files = await readZip(join(packaged.dir, zip));
      const entry = [...files.keys()].find((name) => name.endsWith('.mjs'));
      if (entry === undefined) throw new Error(`${zip} holds no .mjs bundle`);
      const code = files.get(entry) as Buffer;
      for (const [name, data] of files) {
        for (const dir of [deployedDir, stubbedDir]) {
          await mkdir(dirname(join(dir, name)), { recursive: true });
          await writeFile(join(dir, name), data);
        }
      }
      for (const [pkg, names] of sdkImports(code.toString('utf8'))) {
        const all = stubs.get(pkg) ?? new Set<string>();
        names.forEach((n) => all.add(n));
        stubs.set(pkg, all);
      }
      const { size } = await stat(join(packaged.dir, zip));
      bundles.push({ key: basename(zip, '.zip'), name: entry, bytes: code.length, zipBytes: size });
    }
    await writeSdkStubs(stubbedDir, stubs);
    const sdkPackages = [...stubs.keys()].sort();
    const sdkModule = join(deployedDir, 'sdk-alone.mjs');
    await writeFile(sdkModule, sdkPackages.map((p) => `import '${p}';`).join('\n') + '\n');
    // Round-robin over every (file, variant), so that a burst of load on the machine hits all alike.
    const jobs = [
      { key: '', variant: 'sdk', file: sdkModule, nodeOptions: '' },
      ...bundles.flatMap((b) => {
        const nodeOptions = functions.get(b.key)?.nodeOptions ?? '';
        return [
          { key: b.key, variant: 'deployed', file: join(deployedDir, b.name), nodeOptions },
          { key: b.key, variant: 'withoutNodeOptions', file: join(deployedDir, b.name), nodeOptions: '' },
          { key: b.key, variant: 'ownCode', file: join(stubbedDir, b.name), nodeOptions: '' },
        ];
      }),
    ];
    const times = new Map<string, number[]>();
    for (let round = 0; round < (options.runs ?? 7); round++) {
      for (const job of jobs) {
        const id = `${job.key}/${job.variant}`;
        times.set(id, [...(times.get(id) ?? []), await importOnce(job.file, job.nodeOptions)]);
      }
    }
    const timing = (key: string, variant: string): ImportTiming => {
      const runsMs = times.get(`${key}/${variant}`) ?? [];
      return { medianMs: median(runsMs), runsMs };
    };
    for (const bundle of bundles) {
      const fn = functions.get(bundle.key) ?? { memoryMb: Number.NaN, nodeOptions: '' };
      out.push({
        functionKey: bundle.key,
        bundle: bundle.name,
        bundleBytes: bundle.bytes,
        zipBytes: bundle.zipBytes,
        memoryMb: fn.memoryMb,
        nodeOptions: fn.nodeOptions,
        deployed: timing(bundle.key, 'deployed'),
        withoutNodeOptions: timing(bundle.key, 'withoutNodeOptions'),
        ownCode: timing(bundle.key, 'ownCode'),
      });
    }
    return { functions: out, sdkPackages, sdkAlone: timing('', 'sdk') };
  } finally {
    await rm(work, { recursive: true, force: true });
    await rm(packaged.dir, { recursive: true, force: true });
  }
}

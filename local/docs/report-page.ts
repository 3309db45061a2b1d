import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { runRestore } from '../commands/restore.js';
import { projectRoot } from '../serverless-config.js';
import { startSimulator } from '../simulator/index.js';

/**
 * What the browser test and `npm run docs` share: the demo's run against the simulator, and report.html
 * opened in the Debian package's Chromium (.ci/run installs it; playwright-core downloads no browser).
 */

export const chromiumPath = '/usr/bin/chromium';

/** The screenshot's viewport: the most common laptop screen. */
export const viewport = { width: 1366, height: 768 } as const;

/** The demo (examples/restore-input.json, all five types) against the simulator, into `folder`; its exit code. */
export async function runDemo(folder: string, token: string): Promise<number> {
  // Tasks that take a little time, so the page's timeline has bars to show.
  const sim = await startSimulator({ token, taskSeconds: 2, rateLimitPerSecond: false });
  const discard = (): PassThrough => new PassThrough().resume();
  try {
    return await runRestore(
      {
        inputFile: join(projectRoot, 'examples', 'restore-input.json'),
        baseUrl: sim.url,
        out: folder,
        pollIntervalSeconds: 0.25,
        retryMs: 0,
      },
      { stdout: discard(), stderr: discard(), env: { CLUMIO_TOKEN: token } },
    );
  } finally {
    await sim.close();
  }
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
}

/** A page at `viewport` with report.html loaded (until its load event). */
export async function openReport(browser: Browser, htmlPath: string): Promise<Page> {
  const page = await browser.newPage({ viewport });
  await page.goto(pathToFileURL(htmlPath).href, { waitUntil: 'load' });
  return page;
}

/**
 * `npm run docs`: docs/report.png, the README's picture of report.html: the demo's run against the
 * simulator, rendered by Chromium at 1366×768, exactly as the browser test takes its screenshot.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../serverless-config.js';
import { launchChromium, openReport, runDemo } from './report-page.js';

const dir = await mkdtemp(join(tmpdir(), 'cbr-docs-'));
try {
  const code = await runDemo(join(dir, 'run'), 'docs-screenshot-token-3f9a7c21');
  if (code !== 0) throw new Error(`the demo run ended with exit code ${code}`);
  const browser = await launchChromium();
  try {
    const page = await openReport(browser, join(dir, 'run', 'report.html'));
    const out = join(projectRoot, 'docs', 'report.png');
    await page.screenshot({ path: out });
    process.stdout.write(`${out}\n`);
  } finally {
    await browser.close();
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}

import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';

import type { Report } from '../../workflows/report.js';
import { main } from '../../local/cli.js';
import { chromiumPath, launchChromium, runDemo, viewport } from '../../local/docs/report-page.js';
import { captureIO, tempDir } from '../integration/helpers.js';
import { SecretScan } from '../integration/secrets.js';

const TOKEN = 'browser-test-token-8d2e6b0f4a1c';
const HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>';
/** The part of a DOM table row these tests read (the project's TypeScript has no DOM library). */
interface TableRow {
  readonly cells: readonly { readonly textContent: string | null }[];
}

/** The little of a DOM element the timeline check reads (the tests are not compiled with the DOM types). */
interface Drawn {
  readonly textContent: string | null;
  getBoundingClientRect(): { readonly left: number; readonly right: number; readonly width: number };
  querySelectorAll(selector: string): Iterable<Drawn>;
}

const artifacts = join(import.meta.dirname, '..', '..', 'test-artifacts');

/** report.html in a real browser: the Debian package's Chromium, driven by playwright-core. */
describe('browser: report.html of the demo run in headless Chromium', function () {
  this.timeout(120_000);
  let browser: Browser;
  let demoFolder: string;
  let hostileFolder: string;
  let report: Report;
  const scan = new SecretScan(TOKEN);

  before(async () => {
    // Missing Chromium is a failure, not a skip: .ci/run installs the Debian package.
    await access(chromiumPath).catch(() => {
      throw new Error(`no Chromium at ${chromiumPath}: apt-get install -y chromium (.ci/run does this)`);
    });
    const dir = await tempDir('browser');
    demoFolder = join(dir, 'demo');
    expect(await runDemo(demoFolder, TOKEN)).to.equal(0);
    scan.folder(demoFolder);
    report = JSON.parse(await readFile(join(demoFolder, 'report.json'), 'utf8')) as Report;
    // A copy of the run whose first resource has a hostile name, its page rebuilt by `report`.
    hostileFolder = join(dir, 'hostile');
    await mkdir(hostileFolder);
    const [first, ...rest] = report.restores;
    if (first === undefined) throw new Error('the demo reported no restore');
    const hostile: Report = { ...report, restores: [{ ...first, sourceResourceNativeId: HOSTILE }, ...rest] };
    await writeFile(join(hostileFolder, 'report.json'), JSON.stringify(hostile));
    const io = captureIO({});
    expect(await main(['report', hostileFolder], io), io.err()).to.equal(0);
    scan.folder(hostileFolder);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await scan.assertClean();
  });

  /** The page, with what it logged, the errors it threw and every URL it asked for. */
  async function open(folder: string): Promise<{ page: Page; problems: string[]; requests: string[] }> {
    const page = await browser.newPage({ viewport });
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(join(folder, 'report.html')).href, { waitUntil: 'load' });
    return { page, problems, requests };
  }

  const visibleRows = (page: Page): Promise<number> =>
    page.locator('#restores tbody tr:not([hidden])').count();
  const columnTexts = (page: Page, column: number): Promise<string[]> =>
    page.$$eval(
      '#restores tbody tr:not([hidden])',
      (rows, i) => rows.map((r) => (r as unknown as TableRow).cells[i]?.textContent?.trim() ?? ''),
      column,
    );

  it('shows the counts, one timeline bar per restore and one table row per entry; asks for nothing but the file', async () => {
    const { page, problems, requests } = await open(demoFolder);
    const counts = await page.$$eval('dd[data-count]', (dds) =>
      Object.fromEntries(
        dds.map((d) => [d.getAttribute('data-count'), Number(d.textContent?.replace(/,/g, ''))]),
      ),
    );
    expect(counts).to.deep.equal(report.counts);
    const started = report.restores.filter((r) => r.taskId !== null).length;
    expect(started).to.equal(15);
    expect(await page.locator('#timeline rect[data-restore]').count()).to.equal(started);
    expect(await page.locator('#timeline rect[data-restore] > title').count()).to.equal(started);
    // Every tick label and every bar is drawn whole inside the timeline, none cut by its edges, and
    // the demo's tasks take long enough for each bar to be seen.
    // (No named function inside: the page does not have the helper tsx gives them.)
    const boxes = await page.$$eval('#timeline', ([svg]) => {
      const timeline = svg as unknown as Drawn;
      const outer = timeline.getBoundingClientRect();
      const labels = [...timeline.querySelectorAll('text')].map((t) => ({
        text: t.textContent,
        left: t.getBoundingClientRect().left - outer.left,
        right: outer.right - t.getBoundingClientRect().right,
      }));
      const bars = [...timeline.querySelectorAll('rect[data-restore]')].map((r) => ({
        width: r.getBoundingClientRect().width,
        left: r.getBoundingClientRect().left - outer.left,
        right: outer.right - r.getBoundingClientRect().right,
      }));
      return { labels, bars };
    });
    expect(boxes.labels.length).to.be.greaterThan(1);
    expect(boxes.labels.filter((l) => l.left < -0.5 || l.right < -0.5)).to.deep.equal([]);
    expect(boxes.bars.filter((r) => r.width < 2 || r.left < -0.5 || r.right < -0.5)).to.deep.equal([]);
    expect(await page.locator('#restores tbody tr').count()).to.equal(report.restores.length);
    expect(await page.locator('#shown').textContent()).to.equal(
      `${report.restores.length} of ${report.restores.length} restores shown`,
    );
    expect(await page.locator('#summary').textContent()).to.equal(
      '15 restores: 15 completed; 1 resource without a backup',
    );
    expect(requests).to.deep.equal([pathToFileURL(join(demoFolder, 'report.html')).href]);
    expect(problems).to.deep.equal([]);
    await mkdir(artifacts, { recursive: true });
    const png = await page.screenshot({ path: join(artifacts, 'report-1366x768.png') });
    // PNG IHDR: width and height, big-endian, at bytes 16 and 20.
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).to.deep.equal([1366, 768]);
    await page.close();
  });

  it('sorts by a column both ways, numbers as numbers', async () => {
    const { page } = await open(demoFolder);
    const sources = await columnTexts(page, 3);
    await page.getByRole('button', { name: 'Source', exact: true }).click();
    expect(await page.locator('th[aria-sort=ascending]').textContent()).to.equal('Source');
    const ascending = [...sources].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
    expect(await columnTexts(page, 3)).to.deep.equal(ascending);
    await page.getByRole('button', { name: 'Source', exact: true }).click();
    expect(await page.locator('th[aria-sort=descending]').textContent()).to.equal('Source');
    expect(await columnTexts(page, 3)).to.deep.equal([...ascending].reverse());
    await page.getByRole('button', { name: '#', exact: true }).click();
    await page.getByRole('button', { name: '#', exact: true }).click();
    const numbers = (await columnTexts(page, 0)).map(Number);
    expect(numbers).to.deep.equal(numbers.map((_, i) => report.restores.length - i));
    await page.close();
  });

  it('filters by status, type and account, and searches the text', async () => {
    const { page } = await open(demoFolder);
    await page.selectOption('#f-status', 'no_backup');
    expect(await visibleRows(page)).to.equal(1);
    expect(await page.locator('#shown').textContent()).to.equal(
      `1 of ${report.restores.length} restores shown`,
    );
    await page.selectOption('#f-status', '');
    await page.selectOption('#f-type', 'EBS');
    expect(await visibleRows(page)).to.equal(report.restores.filter((r) => r.resourceType === 'EBS').length);
    await page.selectOption('#f-type', '');
    await page.selectOption('#f-account', '222222222222');
    expect(await visibleRows(page)).to.equal(
      report.restores.filter((r) => r.sourceAccount === '222222222222' || r.targetAccount === '222222222222')
        .length,
    );
    await page.selectOption('#f-account', '');
    await page.fill('#f-search', 'PG-FIN');
    expect(await columnTexts(page, 3)).to.have.length(1);
    expect((await columnTexts(page, 3))[0]).to.match(/^pg-finance/);
    await page.fill('#f-search', '');
    expect(await visibleRows(page)).to.equal(report.restores.length);
    await page.close();
  });

  it('a hostile resource name shows as text: no element made of it, no script run', async () => {
    const { page, problems } = await open(hostileFolder);
    expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).to.equal(undefined);
    expect(await page.locator('body img').count()).to.equal(0);
    expect(await page.locator('body script').count()).to.equal(1);
    expect(await page.locator('#r-0 td .id').textContent()).to.equal(HOSTILE);
    const title = await page.locator('#timeline rect[data-restore="0"] > title').textContent();
    expect(title).to.contain(HOSTILE);
    // The script still works: the name is searchable as the text it is.
    await page.fill('#f-search', '<script>');
    expect(await visibleRows(page)).to.equal(1);
    expect(problems).to.deep.equal([]);
    await page.close();
  });

  it('reads in full with JavaScript off: every row shown, no controls', async () => {
    const context = await browser.newContext({ viewport, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(pathToFileURL(join(demoFolder, 'report.html')).href);
    expect(await visibleRows(page)).to.equal(report.restores.length);
    expect(await page.locator('#controls').isVisible()).to.equal(false);
    await context.close();
  });

  it('prints on A4 landscape: the page is no wider than the printable width and drops the controls', async () => {
    // A4 landscape less the 10 mm margins of the print style sheet: 277 mm at 96 px per inch.
    const printable = Math.floor((277 / 25.4) * 96);
    const page = await browser.newPage({ viewport: { width: printable, height: 800 } });
    await page.goto(pathToFileURL(join(demoFolder, 'report.html')).href);
    await page.emulateMedia({ media: 'print' });
    expect(await page.evaluate('document.documentElement.scrollWidth')).to.be.at.most(printable);
    expect(await page.locator('#controls').isVisible()).to.equal(false);
    const pdf = await page.pdf({ format: 'A4', landscape: true, printBackground: true });
    expect(pdf.subarray(0, 5).toString('latin1')).to.equal('%PDF-');
    await page.close();
  });
});

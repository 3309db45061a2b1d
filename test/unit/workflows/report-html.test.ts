import { createHash } from 'node:crypto';
import { expect } from 'chai';

import { escapeHtml, renderReportHtml, type ReportView } from '../../../workflows/report-html.js';
import type { Report, ReportEntry } from '../../../workflows/report.js';

const entry = (over: Partial<ReportEntry>): ReportEntry => ({
  groupIndex: 0,
  resourceType: 'EBS',
  sourceAccount: '111111111111',
  sourceRegion: 'us-east-1',
  sourceResourceId: 'asset-1',
  sourceResourceNativeId: 'vol-0aaa',
  backupId: 'bk-1',
  backupTimestamp: '2026-11-24T01:00:00Z',
  targetAccount: '222222222222',
  targetRegion: 'us-east-2',
  taskId: '1001',
  status: 'completed',
  error: null,
  warnings: null,
  runId: 'run-1',
  startedAt: null,
  endedAt: null,
  targetZone: null,
  targetName: null,
  targetBucket: null,
  targetPrefix: null,
  restoreFrom: 'backup',
  restorePoint: '2026-11-24T01:00:00Z',
  ...over,
});

const report = (restores: ReportEntry[], over: Partial<Report> = {}): Report => ({
  version: '1.2.3',
  runId: 'run-1',
  dryRun: false,
  startedAt: '2026-12-01T10:00:00.000Z',
  finishedAt: '2026-12-01T10:30:00.000Z',
  counts: {
    planned: restores.filter((r) => r.status !== 'no_backup').length,
    completed: restores.filter((r) => r.status === 'completed').length,
    failed: restores.filter((r) => r.status === 'failed').length,
    timed_out: 0,
    unknown: 0,
    no_backup: restores.filter((r) => r.status === 'no_backup').length,
    no_match: restores.filter((r) => r.status === 'no_match').length,
    not_planned: restores.filter((r) => r.status === 'not_planned').length,
  },
  restores,
  ...over,
});

const count = (text: string, pattern: RegExp): number => text.match(pattern)?.length ?? 0;

const hostile = [
  '</script><script>window.__pwned=1</script>',
  '<img src=x onerror="window.__pwned=1">',
  '" onmouseover="window.__pwned=1" x="',
  "'><svg onload=window.__pwned=1>",
  '</title></rect></svg><script>window.__pwned=1</script>',
  '&lt;already escaped&gt;',
];

describe('lib/report-html', () => {
  it('escapes & < > " and \' and nothing else', () => {
    expect(escapeHtml(`a&b<c>d"e'f/g`)).to.equal('a&amp;b&lt;c&gt;d&quot;e&#39;f/g');
  });

  it('renders every value from Clumio or the input as text: no markup, script or attribute gets out of its place', () => {
    const restores = hostile.map((text, i) =>
      entry({
        groupIndex: i,
        resourceType: text,
        sourceAccount: text,
        sourceRegion: text,
        sourceResourceId: text,
        sourceResourceNativeId: text,
        backupId: text,
        backupTimestamp: text,
        targetAccount: text,
        targetRegion: text,
        taskId: text,
        status: 'failed',
        error: text,
        warnings: null,
      }),
    );
    const page = renderReportHtml(
      report(restores, {
        runId: hostile[0] ?? '',
        version: hostile[1] ?? '',
        failure: { error: hostile[2] ?? '', cause: hostile[4] ?? '' },
      }),
      { inputSource: hostile[3] ?? '' },
    );
    for (const text of hostile) expect(page).not.to.contain(text);
    expect(count(page, /<script/g), 'script elements').to.equal(1);
    expect(count(page, /<img/g)).to.equal(0);
    expect(count(page, /<svg/g), 'the three charts only').to.equal(3);
    // Every `<` of the page opens one of its own tags (any other is escaped): none has an event handler.
    const tags = [...page.matchAll(/<[a-zA-Z][^>]*>/g)].map((m) => m[0].replace(/"[^"]*"/g, '""'));
    expect(tags.filter((tag) => /\son\w+=/.test(tag))).to.deep.equal([]);
    expect(page).to.contain('&lt;/script&gt;&lt;script&gt;window.__pwned=1&lt;/script&gt;');
    expect(page).to.contain('&quot; onmouseover=&quot;window.__pwned=1&quot; x=&quot;');
    expect(page).to.contain('&amp;lt;already escaped&amp;gt;');
    // The script that ran is the page's own: its closing tag is the only one.
    expect(count(page, /<\/script>/g)).to.equal(1);
  });

  it('holds nothing from the network: no URL, no external source, only in-page links; the CSP hashes are of its own style and script', () => {
    const page = renderReportHtml(report([entry({}), entry({ status: 'failed', error: 'boom' })]));
    expect(page).not.to.match(/https?:\/\//);
    expect(page).not.to.match(/\ssrc=/);
    expect(page).not.to.match(/url\(|@import/);
    const hrefs = [...page.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    expect(hrefs).to.deep.equal(['#r-0', '#r-1']);
    const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/
      .exec(page)?.[1]
      ?.replace(/&#39;/g, "'");
    const hash = (re: RegExp): string =>
      `'sha256-${createHash('sha256')
        .update(re.exec(page)?.[1] ?? '')
        .digest('base64')}'`;
    expect(csp).to.equal(
      `default-src 'none'; style-src ${hash(/<style>([\s\S]*?)<\/style>/)}; ` +
        `script-src ${hash(/<script>([\s\S]*?)<\/script>/)}; img-src 'none'; base-uri 'none'; form-action 'none'`,
    );
  });

  it('shows the header, the counts as given, one row per entry and one bar per restore that started a task', () => {
    const restores = [
      entry({}),
      entry({ resourceType: 'RDS', sourceResourceNativeId: 'orders-db', taskId: '1002' }),
      entry({ status: 'failed', taskId: null, error: 'not started: HTTP 400 invalid target' }),
      entry({ status: 'no_backup', taskId: null, backupId: null, backupTimestamp: null, error: 'no backup' }),
    ];
    const page = renderReportHtml(report(restores), { inputSource: '/runs/run-1/input.json' });
    expect(page).to.contain('<dd id="version">1.2.3</dd>');
    expect(page).to.contain('<dd id="run-id">run-1</dd>');
    expect(page).to.contain('<dd id="dry-run">no</dd>');
    expect(page).to.contain('<dd id="input-source">/runs/run-1/input.json</dd>');
    expect(page).to.contain('2026-12-01 10:00:00 UTC');
    expect(page).to.contain('2026-12-01 10:30:00 UTC (30 min 0 s)');
    const counts = Object.fromEntries(
      [...page.matchAll(/<dd data-count="(\w+)">([\d,]+)<\/dd>/g)].map((m) => [m[1], Number(m[2])]),
    );
    expect(counts).to.deep.equal({
      planned: 3,
      completed: 2,
      failed: 1,
      timed_out: 0,
      unknown: 0,
      no_backup: 1,
      no_match: 0,
      not_planned: 0,
    });
    expect(page).to.contain('3 restores: 2 completed, 1 failed; 1 resource without a backup');
    expect(count(page, /<tr\s+id="r-\d+"/g)).to.equal(4);
    expect([...page.matchAll(/data-restore="(\d+)"/g)].map((m) => m[1])).to.deep.equal(['0', '1']);
    expect(page).to.contain('not started: HTTP 400 invalid target');
    // No per-restore times in this report: the bars stand on the run's times and say so; no time columns.
    expect(page).to.contain(
      'the run&#39;s start and finish: this restore&#39;s own times are not in the report',
    );
    expect(page).not.to.match(/<th[^>]*>\s*Started\s*</);
    expect(page).to.contain('<figcaption>By status: completed: 2, failed: 1, no backup: 1.</figcaption>');
  });

  it("uses a restore's own start and end, shows the time columns and target details, and packs bars in lanes", () => {
    const view: ReportView = {
      ...report([]),
      restores: [entry({ taskId: '1' }), entry({ taskId: '2' }), entry({ taskId: '3' })].map((e, i) => ({
        ...e,
        startedAt: `2026-12-01T10:0${i * 2}:00.000Z`,
        endedAt: `2026-12-01T10:0${i * 2 + 1}:30.000Z`,
        targetName: `restored-${i}`,
      })),
    };
    const page = renderReportHtml(view);
    expect(page).not.to.contain('own times are not in the report');
    expect(page).to.match(/<th[^>]*>\s*Started\s*</);
    expect(page).to.contain('<span class="sub">name: restored-1</span>');
    expect(page).to.contain('1 min 30 s');
    // Restore 1 ends at 10:01:30, before restore 2 starts at 10:02: they share a lane (at most 1 at once).
    expect(page).to.contain('at most 1 at once');
    expect(count(page, /<rect\s+class="bar[^"]*"[^>]*\sy="2"/g)).to.equal(3);
  });

  it('a dry run: planned entries, no timeline, says nothing was restored', () => {
    const page = renderReportHtml(report([entry({ status: 'planned', taskId: null })], { dryRun: true }));
    expect(page).to.contain('<dd id="dry-run">yes: nothing was restored</dd>');
    expect(page).to.contain('A dry run starts no restore: there is no timeline.');
    expect(count(page, /data-restore=/g)).to.equal(0);
  });

  it('groups that matched nothing or could not be planned get their own sections, from the lists or the entries', () => {
    const view: ReportView = {
      ...report([entry({})]),
      restores: [
        entry({}),
        { ...entry({}), groupIndex: 3, status: 'not_planned', error: 'no such environment' },
      ],
      noMatch: [{ groupIndex: 2, resourceType: 'EC2', reason: 'no <b>resource</b> has tag Env=prod' }],
    };
    const page = renderReportHtml(view);
    expect(page).to.contain('Groups that matched nothing (1)');
    expect(page).to.contain('no &lt;b&gt;resource&lt;/b&gt; has tag Env=prod');
    expect(page).to.contain('Groups that could not be planned (1)');
    expect(page).to.contain('no such environment');
    expect(count(page, /<tr\s+id="r-\d+"/g), 'the restores table holds restores only').to.equal(1);
  });

  it('a run that could not proceed shows its error and cause', () => {
    const page = renderReportHtml(
      report([], { failure: { error: 'ClumioAuthError', cause: 'Clumio refused the API token' } }),
    );
    expect(page).to.match(/The run could not proceed: ClumioAuthError/);
    expect(page).to.contain('<pre>Clumio refused the API token</pre>');
    expect(page).to.contain('No restore started a Clumio task: there is no timeline.');
  });

  it('is a pure function of the report', () => {
    const r = report([entry({}), entry({ status: 'failed' })]);
    expect(renderReportHtml(r)).to.equal(renderReportHtml(r));
  });
});

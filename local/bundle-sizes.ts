// `npm run package`: after `serverless package`, prints each function's bundle size (DESIGN §2, bench B4).
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { readZip } from './zip.js';

const dir = process.argv[2] ?? '.serverless';
const zips = (await readdir(dir)).filter((f) => f.endsWith('.zip')).sort();
const rows = [];
for (const zip of zips) {
  const files = await readZip(join(dir, zip));
  const bundle = [...files.entries()].find(([name]) => name.endsWith('.mjs'));
  rows.push({
    function: zip.replace(/\.zip$/, ''),
    bundle: bundle?.[0] ?? '-',
    'bundle KB': bundle ? (bundle[1].length / 1024).toFixed(1) : '-',
    'zip KB': ((await stat(join(dir, zip))).size / 1024).toFixed(1),
  });
}
console.table(rows);

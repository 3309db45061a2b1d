import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';

import {
  EXIT_CANNOT_PROCEED,
  EXIT_INCOMPLETE,
  EXIT_USAGE,
  exitCodeMarkdown,
  exitCodeOfRunError,
  exitCodes,
} from '../../../local/exit-codes.js';

/** A Markdown table's rows as trimmed cells, whatever its column padding. */
const cells = (table: string): string[][] =>
  table
    .split('\n')
    .filter((line) => line.startsWith('|') && !/^\|[\s|:-]+\|$/.test(line))
    .map((line) =>
      line
        .slice(1, -1)
        .split('|')
        .map((cell) => cell.trim()),
    );

describe('local/exit-codes: one table for the commands, their help and the README', () => {
  it("the README's exit-code table is this table", async () => {
    const readme = await readFile(join(import.meta.dirname, '..', '..', '..', 'README.md'), 'utf8');
    const start = readme.search(/^\| code +\| `restore` /m);
    expect(start, 'README has the exit-code table').to.be.greaterThan(-1);
    const end = readme.indexOf('\n\n', start);
    expect(cells(readme.slice(start, end))).to.deep.equal(cells(exitCodeMarkdown()));
  });

  it('maps the error a run fails with to its code', () => {
    expect(exitCodeOfRunError('InvalidInput')).to.equal(EXIT_USAGE);
    for (const error of ['RestoresFailed', 'NoMatch', 'GroupsSkipped']) {
      expect(exitCodeOfRunError(error), error).to.equal(EXIT_INCOMPLETE);
    }
    for (const error of [
      'PlanFailed',
      'PlanTooLarge',
      'ClumioAuthError',
      'ClumioNetworkError',
      'States.Runtime',
    ]) {
      expect(exitCodeOfRunError(error), error).to.equal(EXIT_CANNOT_PROCEED);
    }
    expect(exitCodes.map((e) => e.code)).to.deep.equal([0, 1, 2, 3]);
  });
});

import { readFile } from 'node:fs/promises';
import { expect } from 'chai';

import { inputReference, inputReferencePath } from '../../../../local/docs/input-reference.js';
import { resourceTypes, restorerInput, listingOf } from '../../../../restorers/index.js';
import { groupProps, restoreTopLevelProps } from '../../../../schemas/restore-input.js';
import { listStatusProps, listTopLevelProps } from '../../../../schemas/list-input.js';

describe('local/docs/input-reference: docs/input-reference.md is generated from the input codecs', () => {
  let generated: string;
  before(async () => {
    generated = await inputReference();
  });

  it('the committed page is what the codecs generate today (npm run docs:reference rewrites it)', async () => {
    const committed = await readFile(inputReferencePath, 'utf8');
    expect(
      committed,
      'docs/input-reference.md is stale: run `npm run docs:reference` and commit it',
    ).to.equal(generated);
  });

  it('lists every field of both inputs, with each alias, and says which are required for which type', () => {
    const row = (field: string) => new RegExp(`^\\| \`${field}\`[^\\n]*$`, 'm');
    for (const field of [...Object.keys(restoreTopLevelProps), ...Object.keys(listTopLevelProps)]) {
      expect(generated).to.match(row(field));
    }
    for (const field of Object.keys(listStatusProps)) expect(generated).to.match(row(field));
    for (const type of resourceTypes) {
      const restorer = restorerInput(type);
      const section = generated.slice(generated.indexOf(`### ${type}\n`));
      for (const field of Object.keys(groupProps(restorer)))
        expect(section, `${type} ${field}`).to.match(row(field));
      for (const [alias, field] of Object.entries(restorer.aliases)) {
        expect(section).to.match(new RegExp(`^\\| \`${field}\` \\(also \`${alias}\`\\)`, 'm'));
      }
      for (const field of Object.keys(listingOf(type).spec)) {
        const spec = generated.slice(generated.indexOf(`\`target_specs.${type}\`:`));
        expect(spec, `target_specs.${type}.${field}`).to.match(row(field));
      }
    }
    expect(generated).to.match(/^\| `target_az` \(also `target_aws_az`\) +\| [^|]+\| required for EBS /m);
    expect(generated).to.match(/^\| `target_overwrite` +\| true or false +\| optional +\| `true` /m);
    expect(generated).to.match(/^\| `dry_run` +\| true or false +\| optional +\| `false` /m);
  });
});

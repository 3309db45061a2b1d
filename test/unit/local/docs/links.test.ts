import { access, readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { expect } from 'chai';

const root = join(import.meta.dirname, '..', '..', '..', '..');

/** The relative link targets of a Markdown page (web addresses left out). */
function relativeLinks(text: string): string[] {
  return [...text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)]
    .map(([, target = '']) => target)
    .filter((target) => !/^https?:\/\//.test(target));
}

describe('README and docs/ point to nothing outside the repository', () => {
  it('no page of README.md or docs/ links or refers outside the repository', async () => {
    const docs = (await readdir(join(root, 'docs'))).filter((n) => n.endsWith('.md')).map((n) => `docs/${n}`);
    for (const page of ['README.md', ...docs]) {
      const text = await readFile(join(root, page), 'utf8');
      expect(text, page).not.to.match(/\.\.\/shared|DESIGN\.md|DESIGN §/);
      for (const target of relativeLinks(text)) {
        const path = relative(root, resolve(dirname(join(root, page)), target));
        expect(path, `${page}: ${target}`).not.to.match(/^\.\./);
      }
    }
  });

  it('every link of the README is a file of the repository', async () => {
    const text = await readFile(join(root, 'README.md'), 'utf8');
    const links = relativeLinks(text);
    expect(links).to.include.members(['docs/input-reference.md', 'docs/deploy.md']);
    for (const target of links) {
      await access(join(root, target)).catch(() =>
        expect.fail(`README.md links to ${target}, which does not exist`),
      );
    }
  });
});

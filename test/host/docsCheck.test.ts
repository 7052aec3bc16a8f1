// README.md stays the user's guide (small, no benchmark figures, no other projects' issue numbers,
// no developer material, links that work where it is shown) and CHANGELOG.md follows Keep a
// Changelog. Planted faults show that each rule can fail.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { README_MAX_BYTES, changelogProblems, headingAnchors, localImages, readmeImagesCheck, readmeProblems } from './docsCheck';
import { PROJECT_ROOT } from './vsix';

const read = (name: string) => fs.readFileSync(path.join(PROJECT_ROOT, name), 'utf8');
const inProject = (rel: string) => fs.existsSync(path.join(PROJECT_ROOT, rel));
const version = (JSON.parse(read('package.json')) as { version: string }).version;

describe('docs: README.md is the user guide, CHANGELOG.md says what changed', () => {
  it('README.md passes: at most 32 KB, no issue numbers, benchmark figures or developer material, links that work', () => {
    assert.deepEqual(readmeProblems(read('README.md'), inProject), []);
  });

  it('README.md shows screenshots (and the check sees them)', () => {
    const images = localImages(read('README.md'));
    assert.ok(images.length >= 3, `only ${images.length} local images found`);
    assert.ok(images.every((i) => i.startsWith('docs/screenshots/')), images.join(', '));
  });

  it('CHANGELOG.md follows Keep a Changelog and has a section for package.json\'s version', () => {
    assert.deepEqual(changelogProblems(read('CHANGELOG.md'), version), []);
  });

  describe('the README check fails on', () => {
    const ok = '# Title\n\n## Known limits\n\n![A picture](docs/screenshots/a.png)\n\nSee [the limits](#known-limits).\n';
    const problems = (text: string) => readmeProblems(text, (p) => p === 'docs/screenshots/a.png');

    it('nothing in a clean text', () => {
      assert.deepEqual(problems(ok), []);
    });

    it('a README over 32 KB', () => {
      const big = ok + `${'word '.repeat(60)}\n`.repeat(Math.ceil(README_MAX_BYTES / 300) + 1);
      assert.match(problems(big).join('\n'), /bytes; at most 32768/);
    });

    for (const [label, line] of [
      ['a bare issue number', 'Fixed since #1234.'],
      ["another project's issue number", 'As seen in cline#13464 and Roo-Code #6570.'],
      ['owner/repo#n', 'See vercel/ai#4224.'],
      ['an issue link', 'See [this](https://github.com/cline/cline/issues/1752).'],
      ['"issue 7"', 'Added for issue 7.'],
    ] as const) {
      it(label, () => assert.match(problems(`${ok}\n${line}\n`).join('\n'), /issue reference/));
    }

    for (const [label, line] of [
      ['a speed ratio', 'Our client is 5.4x faster than the SDK.'],
      ['a ratio with ×', 'It used 1.18× the floor.'],
      ['milliseconds', 'A token takes 0.3 ms to render.'],
      ['benchmark talk', 'Measured on a machine with load average 15.'],
      ['npm run bench', 'Run `npm run bench` to see.'],
    ] as const) {
      it(label, () => assert.match(problems(`${ok}\n${line}\n`).join('\n'), /benchmark figure/));
    }

    for (const [label, line] of [
      ['a source path', 'The client lives in `src/core/client/tokenHubClient.ts`.'],
      ['a development command', 'Build it with `npm ci && npm run package`.'],
      ['a library name', 'Every request goes through undici.'],
    ] as const) {
      it(label, () => assert.match(problems(`${ok}\n${line}\n`).join('\n'), /developer material/));
    }

    it('a missing image, an http image and a relative link to a file', () => {
      const found = problems(`${ok}\n![x](docs/screenshots/b.png) ![y](http://example.com/y.png) [guide](CONTRIBUTING.md)\n`).join('\n');
      assert.match(found, /b\.png.*missing/);
      assert.match(found, /must be https/);
      assert.match(found, /CONTRIBUTING\.md.*relative link/);
    });

    it('an anchor no heading has', () => {
      assert.match(problems(`${ok}\nSee [usage](#usage-what-you-spent).\n`).join('\n'), /no heading has this anchor/);
    });

    it('but not on sizes, code, C# or text inside link targets', () => {
      const fine = `${ok}\nSizes like 1024x1024; C# XML comments; [a page](https://example.com/x#12).\n\n\`\`\`\nnpm run bench # 5x\n\`\`\`\n`;
      assert.deepEqual(problems(fine), []);
    });
  });

  it('heading anchors are GitHub\'s (punctuation dropped, spaces to hyphens, other scripts kept)', () => {
    const anchors = headingAnchors("## TokenHub in VS Code's own chat\n### 快速開始(繁體中文)\n## Usage: what you spent\n## Usage: what you spent\n");
    assert.deepEqual([...anchors], ['tokenhub-in-vs-codes-own-chat', '快速開始繁體中文', 'usage-what-you-spent', 'usage-what-you-spent-1']);
  });

  it('relative images in the packaged README: a known gap without a repository or image base, a failure with one', () => {
    assert.deepEqual(readmeImagesCheck([], false), { problems: [] });
    const gap = readmeImagesCheck(['docs/screenshots/a.png'], false);
    assert.deepEqual(gap.problems, []);
    assert.match(gap.skipped ?? '', /alt text.*"repository"/);
    assert.match(readmeImagesCheck(['docs/screenshots/a.png'], true).problems.join('\n'), /still relative/);
  });

  describe('the CHANGELOG check fails on', () => {
    const good = '# Changelog\n\n## [Unreleased]\n\n### Added\n\n- A thing.\n\n## [0.1.0] - 2026-11-22\n\n### Added\n\n- The first thing.\n';

    it('nothing in a good one', () => assert.deepEqual(changelogProblems(good, '0.1.0'), []));
    it('no section for the version being packaged', () => assert.match(changelogProblems(good, '0.2.0').join('\n'), /0\.2\.0 has no/));
    it('no [Unreleased] first', () => assert.match(changelogProblems(good.replace('## [Unreleased]', '## Next'), '0.1.0').join('\n'), /Unreleased/));
    it('a release without its date', () => assert.match(changelogProblems(good.replace(' - 2026-11-22', ''), '0.1.0').join('\n'), /needs its date/));
    it('a kind of change Keep a Changelog does not have', () => assert.match(changelogProblems(good.replace('### Added\n\n- A', '### Improvements\n\n- A'), '0.1.0').join('\n'), /kinds of change/));
    it('an issue number', () => assert.match(changelogProblems(`${good}- Fixed #42.\n`, '0.1.0').join('\n'), /issue reference/));
  });
});

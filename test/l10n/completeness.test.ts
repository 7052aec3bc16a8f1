// Every string a user reads exists in English, Traditional Chinese and Vietnamese, with the same
// placeholders and links. The second half proves the check can fail: it runs the same checker on
// copies of the project with one string removed or broken.
import * as assert from 'node:assert/strict';
import type { L10nProject } from './l10nProject';
import { LANGUAGES, checkProject, extractFromSource, loadProject } from './l10nProject';

function clone(p: L10nProject): L10nProject {
  return JSON.parse(JSON.stringify(p)) as L10nProject;
}

describe('l10n completeness', () => {
  const project = loadProject();

  it('finds the strings of src/** (the extractor sees the l10n.t calls)', () => {
    // AuthFeature's messages are always there; an extractor that finds nothing would make every
    // other check pass vacuously.
    assert.ok(project.source.strings.length >= 10, `only ${project.source.strings.length} strings found`);
    assert.ok(project.source.strings.some((s) => s.where.startsWith('src/auth/')));
  });

  it('every string exists in every language, with its placeholders and links', () => {
    const problems = checkProject(project);
    assert.deepEqual(problems, [], `\n${problems.join('\n')}\n(fix: node esbuild.mjs --tests && node out/test/l10n/l10nExtract.js --missing, then translate)`);
  });

  it('ships zh-tw and vi for both the manifest and the messages', () => {
    for (const lang of LANGUAGES) {
      assert.ok(Object.keys(project.nls[lang]).length > 0, `package.nls.${lang}.json is empty or missing`);
      assert.ok(Object.keys(project.bundles[lang]).length > 0, `l10n/bundle.l10n.${lang}.json is empty or missing`);
    }
  });

  it('the welcome is translated (not copied from English)', () => {
    for (const lang of LANGUAGES) {
      assert.notEqual(project.nls[lang]['welcome.chat.noKey'], project.nls.en['welcome.chat.noKey']);
    }
  });

  describe('the checker fails when', () => {
    it('a manifest string is removed from one language', () => {
      const p = clone(project);
      delete p.nls.vi['command.setApiKey'];
      const problems = checkProject(p);
      assert.ok(problems.some((m) => m.includes('"command.setApiKey" is missing in vi')), problems.join('\n'));
    });

    it('a message is removed from one language', () => {
      const p = clone(project);
      const key = Object.keys(p.bundles['zh-tw'])[0];
      delete p.bundles['zh-tw'][key];
      const problems = checkProject(p);
      assert.ok(problems.some((m) => m.includes(`"${key}" is missing in zh-tw`)), problems.join('\n'));
    });

    it('a translation exists that English lacks', () => {
      const p = clone(project);
      p.bundles.vi['Only in Vietnamese'] = 'Chỉ có tiếng Việt';
      assert.ok(checkProject(p).some((m) => m.includes('"Only in Vietnamese" exists in vi but not in English')));
    });

    it('a translation is empty or drops a placeholder or a command link', () => {
      const p = clone(project);
      const withArg = Object.keys(p.bundles.en).find((k) => k.includes('{0}'));
      assert.ok(withArg, 'no message with {0} to test with');
      p.bundles.vi[withArg] = 'không có tham số';
      p.bundles['zh-tw'][withArg] = ' ';
      p.nls['zh-tw']['welcome.chat.noKey'] = '歡迎';
      const problems = checkProject(p);
      assert.ok(problems.some((m) => m.includes(`"${withArg}" in vi has placeholders none`)), problems.join('\n'));
      assert.ok(problems.some((m) => m.includes(`"${withArg}" is empty in zh-tw`)), problems.join('\n'));
      assert.ok(problems.some((m) => m.includes('"welcome.chat.noKey" in zh-tw does not keep the links')), problems.join('\n'));
    });

    it('a translation drops a codicon', () => {
      const p = clone(project);
      p.bundles.en['$(edit) Pencil'] = '$(edit) Pencil';
      p.source.strings.push({ key: '$(edit) Pencil', message: '$(edit) Pencil', where: 'src/x.ts:1' });
      p.bundles.vi['$(edit) Pencil'] = '$(edit) Bút chì';
      p.bundles['zh-tw']['$(edit) Pencil'] = '(edit) 鉛筆';
      const problems = checkProject(p);
      assert.ok(problems.includes('bundle.l10n: "$(edit) Pencil" in zh-tw does not keep the icons of the English text ($(edit))'), problems.join('\n'));
      assert.ok(!problems.some((m) => m.includes('"$(edit) Pencil" in vi')), problems.join('\n'));
    });

    it('package.json names a %key% that package.nls.json lacks', () => {
      const p = clone(project);
      p.packageJson = p.packageJson.replace('"%command.setApiKey%"', '"%command.setApiKeyTypo%"');
      assert.ok(checkProject(p).some((m) => m.includes('%command.setApiKeyTypo% has no entry')));
    });

    it('src/** uses a string the English bundle lacks, or the bundle keeps a stale one', () => {
      const p = clone(project);
      p.source.strings.push({ key: 'A brand-new message {0}', message: 'A brand-new message {0}', where: 'src/x.ts:1' });
      p.bundles.en['A removed message'] = 'A removed message';
      const problems = checkProject(p);
      assert.ok(problems.some((m) => m.includes('"A brand-new message {0}" (src/x.ts:1) is missing')), problems.join('\n'));
      assert.ok(problems.some((m) => m.includes('"A removed message" is no longer used')), problems.join('\n'));
    });
  });

  describe('the extractor', () => {
    it('reads quotes, backticks, concatenation, escapes and the { message, comment } form', () => {
      const src = [
        "import * as vscode from 'vscode';",
        "vscode.l10n.t('single {0}', x);",
        'vscode.l10n.t("double \\"quoted\\"");',
        'vscode.l10n.t(`back\\ntick`);',
        "vscode.l10n.t('joined ' +",
        "  'over lines');",
        "l10n.t({ message: 'with comment', comment: ['for ', 'translators'], args: [] });",
        "vscode.l10n.t({ message: 'one comment', comment: 'note' });",
      ].join('\n');
      const r = extractFromSource(src, 'src/a.ts');
      assert.deepEqual(
        r.strings.map((s) => s.key),
        ['single {0}', 'double "quoted"', 'back\ntick', 'joined over lines', 'with comment/for translators', 'one comment/note'],
      );
      assert.deepEqual(r.problems, []);
      assert.equal(r.strings[0].where, 'src/a.ts:2');
    });

    it('reports calls it cannot translate (variables, templates with ${})', () => {
      const r = extractFromSource('vscode.l10n.t(message);\nvscode.l10n.t(`hi ${name}`);\nvscode.l10n.t({ message: m });', 'src/b.ts');
      assert.equal(r.strings.length, 0);
      assert.equal(r.problems.length, 3);
      assert.match(r.problems[0], /^src\/b\.ts:1: /);
    });

    it('skips a non-literal call marked l10n-ignore', () => {
      const r = extractFromSource('// l10n-ignore: fallback\nvscode.l10n.t(template, ...args);\nvscode.l10n.t(other);', 'src/d.ts');
      assert.deepEqual(r.problems, ['src/d.ts:3: l10n.t(...) needs a string literal as its first argument to be translated (or mark a deliberate fallback with // l10n-ignore)']);
    });

    it('ignores other functions named t', () => {
      const r = extractFromSource("i18n.t('no'); t('no'); foo.l10n.tx('no');", 'src/c.ts');
      assert.deepEqual(r.strings, []);
    });
  });
});

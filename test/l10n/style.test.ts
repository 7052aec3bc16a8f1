// The translations follow l10n/glossary/glossary.json: full-width punctuation beside Chinese text, no English
// left in zh-tw beyond the glossary's allow-list, each product term said the glossary's way, no
// English plural "tokens" in Vietnamese. The same rules cover the README's two quick starts. The
// second half plants one bad string at a time and shows the checker reports it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { L10nProject } from './l10nProject';
import { LANGUAGES, loadProject, projectRoot } from './l10nProject';
import type { Glossary } from './l10nStyle';
import { checkGlossary, checkStyle, halfWidthProblems, loadGlossary, readmeUnits, termRegExp } from './l10nStyle';

function clone<T>(x: T): T {
  return JSON.parse(JSON.stringify(x)) as T;
}

describe('l10n style (the glossary)', () => {
  const project = loadProject();
  const glossary = loadGlossary();
  const readme = fs.readFileSync(path.join(projectRoot(), 'README.md'), 'utf8');

  it('the glossary names every term in every language, and its patterns compile', () => {
    assert.deepEqual(checkGlossary(glossary, LANGUAGES), []);
    // The terms the features being built will need are there from the start.
    for (const id of ['agent', 'tool', 'approve', 'deny', 'checkpoint', 'undo', 'step', 'inline completion / ghost text', 'mention', 'profile', 'budget', 'estimate', 'workspace trust', 'terminal', 'command', 'diff', 'accept', 'reject']) {
      assert.ok(glossary.terms.some((t) => t.id === id), `the glossary lacks "${id}"`);
    }
  });

  it('finds the README quick starts of both languages', () => {
    const units = readmeUnits(readme, glossary);
    for (const lang of LANGUAGES) {
      assert.ok(units.filter((u) => u.lang === lang && !u.key).length >= 5, `the ${lang} quick start has too few paragraphs`);
    }
  });

  it('every string and both quick starts follow the glossary', () => {
    const problems = checkStyle(project, glossary, readme);
    assert.deepEqual(problems, [], `\n${problems.join('\n')}\n(${problems.length} problems; the rules: l10n/README.md)`);
  });

  describe('the checker fails when', () => {
    function problemsWith(change: (p: L10nProject, g: Glossary) => void, readmeText = readme): string[] {
      const p = clone(project);
      const g = clone(glossary);
      change(p, g);
      return checkStyle(p, g, readmeText);
    }

    it('a zh-tw string has half-width , : ; ? ( ) beside Chinese text', () => {
      const problems = problemsWith((p) => {
        p.bundles['zh-tw']['Cost: {0}'] = '費用:{0}';
        p.bundles['zh-tw']['The file is too large.'] = '檔案太大(上限 1 MB),請重試;好嗎?';
      });
      assert.ok(problems.some((m) => m.includes('"Cost: {0}"') && m.includes('half-width ":"') && m.includes('"："')), problems.join('\n'));
      for (const c of ['(', ')', ',', ';', '?']) {
        assert.ok(problems.some((m) => m.includes('"The file is too large."') && m.includes(`half-width "${c}"`)), `no problem for "${c}":\n${problems.join('\n')}`);
      }
    });

    it("but not for VS Code's \"TokenHub: \" command-title form, nor between Latin text, code or placeholders", () => {
      const unit = (text: string) => ({ lang: 'zh-tw', where: 'x', text });
      assert.deepEqual(halfWidthProblems(unit('TokenHub: 設定 API 金鑰'), glossary), []);
      assert.deepEqual(halfWidthProblems(unit('解釋 {0}:{1}'), glossary), []);
      assert.deepEqual(halfWidthProblems(unit('例如 `a, b`、`f(x)` 與 [連結](command:tokenhub.setApiKey)'), glossary), []);
      // A bracket pair is full-width as a whole once either end touches Chinese.
      assert.equal(halfWidthProblems(unit('上限(1 MB)'), glossary).length, 2);
      assert.equal(halfWidthProblems(unit('TokenHub:設定'), glossary).length, 1);
    });

    it('a zh-tw string leaves an English word the glossary does not keep', () => {
      const problems = problemsWith((p) => {
        p.bundles['zh-tw']['Clear Key'] = '清除 Key';
        p.nls['zh-tw']['config.temperature'] = '聊天的 sampling temperature（0–2）。留空：使用模型的預設值。';
      });
      assert.ok(problems.some((m) => m.includes('"Clear Key"') && m.includes('"Key" is left in English')), problems.join('\n'));
      assert.ok(problems.some((m) => m.includes('"config.temperature"') && m.includes('"sampling" is left in English')), problems.join('\n'));
    });

    it('a string uses a word the glossary avoids, or drops the term the English has', () => {
      const problems = problemsWith((p) => {
        p.bundles['zh-tw']['Generate Image'] = '生成圖片';
        p.bundles.vi['Pick an image from the workspace'] = 'Chọn ảnh từ workspace';
        p.bundles.vi['Show Log'] = 'Hiện nhật ký';
        p.bundles['zh-tw']['Chat History'] = '聊天';
      });
      assert.ok(problems.some((m) => m.includes('"Generate Image"') && m.includes('"生成" is not the glossary\'s word for "generate"')), problems.join('\n'));
      assert.ok(problems.some((m) => m.includes('"Pick an image from the workspace"') && m.includes('"workspace" is not the glossary\'s word')), problems.join('\n'));
      assert.ok(problems.some((m) => m.includes('"Show Log"') && m.includes('"Hiện"')), problems.join('\n'));
      assert.ok(problems.some((m) => m.includes('"Chat History"') && m.includes('says "history" but the translation has none of "歷程記錄"')), problems.join('\n'));
    });

    it('a vi string writes the English plural "tokens"', () => {
      const problems = problemsWith((p) => {
        p.bundles.vi['{0} tokens'] = '{0} tokens';
      });
      assert.ok(problems.some((m) => m.includes('"{0} tokens"') && m.includes('English plural "tokens"')), problems.join('\n'));
    });

    it('a new string (not yet in the glossary exceptions) is checked as soon as it exists', () => {
      const problems = problemsWith((p) => {
        p.bundles.en['Undo the agent task'] = 'Undo the agent task';
        p.bundles['zh-tw']['Undo the agent task'] = '撤銷 agent 任務';
        p.bundles.vi['Undo the agent task'] = 'Hoàn tác tác vụ của agent';
      });
      assert.ok(problems.some((m) => m.includes('"Undo the agent task"') && m.includes('"撤銷"')), problems.join('\n'));
      assert.ok(problems.some((m) => m.includes('"Undo the agent task"') && m.includes('"agent" is left in English')), problems.join('\n'));
      assert.ok(problems.some((m) => m.includes('bundle.l10n.vi.json "Undo the agent task"') && m.includes('"agent" is not the glossary\'s word for "agent"')), problems.join('\n'));
    });

    it("the README's quick start breaks a rule", () => {
      const planted = readme
        .replace(/(### 快速開始[^\n]*\n)/, '$1\n在狀態列按一下模型(或按 F1)即可切換 gateway。\n')
        .replace(/(### Bắt đầu nhanh[^\n]*\n)/, '$1\nMỗi câu trả lời cho biết số tokens đã dùng.\n');
      const problems = problemsWith(() => undefined, planted);
      assert.ok(problems.some((m) => m.startsWith('README.md:') && m.includes('half-width "("')), problems.join('\n'));
      assert.ok(problems.some((m) => m.startsWith('README.md:') && m.includes('"gateway" is left in English')), problems.join('\n'));
      assert.ok(problems.some((m) => m.startsWith('README.md:') && m.includes('English plural "tokens"')), problems.join('\n'));
      const noSection = problemsWith(() => undefined, readme.replace(/### Bắt đầu nhanh/, '### Quick start (vi)'));
      assert.ok(noSection.some((m) => m.includes('no section starting with "### Bắt đầu nhanh"')), noSection.join('\n'));
    });

    it('the glossary itself is broken', () => {
      const g = clone(glossary);
      g.terms.push({ id: 'half', en: '\\bhalf\\b', 'zh-tw': { use: ['一半'] } }, { id: 'bad', en: '(', vi: { use: ['x'] }, 'zh-tw': { use: ['x'] } });
      const problems = checkGlossary(g, LANGUAGES);
      assert.ok(problems.includes('glossary: "half" has no vi form'), problems.join('\n'));
      assert.ok(problems.some((m) => m.startsWith('glossary: "bad" has a bad English pattern')), problems.join('\n'));
    });
  });

  it('a glossary word boundary knows Vietnamese letters', () => {
    // With ASCII \b, "sửa" would never match: ử is not a word character to JavaScript.
    assert.ok(termRegExp('(?<!chỉnh )\\bsửa\\b(?! lỗi)').test('Sửa và gửi lại'));
    assert.ok(!termRegExp('(?<!chỉnh )\\bsửa\\b(?! lỗi)').test('Chỉnh sửa và gửi lại'));
    assert.ok(!termRegExp('(?<!chỉnh )\\bsửa\\b(?! lỗi)').test('Sửa lỗi vùng chọn'));
    assert.ok(!termRegExp('\\bhiện\\b').test('xuấthiệnra'));
  });
});

// Makes a code-server (VS Code server) run its workbench and extension host in a display language.
//
// What decides the language (read from code-server 4.100.3's lib/vscode/out/server-main.js,
// `remoteLanguagePacks.js` and `base/node/nls.js`):
//   1. The workbench page asks for locale = `--locale` || argv.json's `locale` || the
//      `vscode.nls.locale` cookie || Accept-Language.
//   2. For a locale other than `en*`, `resolveNLSConfiguration` reads `<user-data-dir>/languagepacks.json`
//      (which VS Code's language-pack service writes when a language pack extension is installed).
//      It needs an entry for the locale (or its prefix) with a string `hash` and a
//      `translations.vscode` file that exists; otherwise it silently resolves to `en`. That is why
//      `--locale zh-tw` alone leaves `vscode.env.language` at `en`.
//   3. With the entry, it writes `clp/<hash>.<locale>/<commit>/nls.messages.json(.js)`, the page
//      loads that script (`_VSCODE_NLS_LANGUAGE = 'zh-tw'`), the workbench's language becomes
//      zh-tw, extension manifests are read with `package.nls.zh-tw.json`, and the extension host
//      is started with `VSCODE_NLS_CONFIG.resolvedLanguage = 'zh-tw'`, so `vscode.env.language`
//      is `zh-tw` and `vscode.l10n` loads `l10n/bundle.l10n.zh-tw.json`.
//
// So a test writes what an installed language pack would have produced: a `languagepacks.json`
// entry whose core translations file is empty (the workbench's own strings stay English; only the
// language switches), plus `locale` in argv.json for hosts that read it instead of `--locale`.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Labels VS Code's language picker would show. */
const LABELS: Record<string, string> = { 'zh-tw': '中文(繁體)', vi: 'Tiếng Việt' };

/**
 * Writes `<userDataDir>/languagepacks.json` (merged with what is there) so that `locale` resolves,
 * and `locale` into `<userDataDir>/User/argv.json`. Call it before the workbench page is loaded
 * (the server reads the file when it renders the page and when it starts the extension host).
 */
export function installDisplayLanguage(userDataDir: string, locale: string): void {
  const lang = locale.toLowerCase();
  const packDir = path.join(userDataDir, 'tokenhub-test-languagepack', lang);
  fs.mkdirSync(packDir, { recursive: true });
  // The format of a language pack's `translations/main.i18n.json`; no core strings are translated.
  const coreTranslations = path.join(packDir, 'main.i18n.json');
  fs.writeFileSync(coreTranslations, JSON.stringify({ version: '1.0.0', contents: {} }));

  const file = path.join(userDataDir, 'languagepacks.json');
  const packs = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  packs[lang] = {
    // Any string: the server caches the generated messages under `clp/<hash>.<locale>`.
    hash: `tokenhub-test-${lang}`,
    extensions: [{ extensionIdentifier: { id: `tokenhub-test.language-pack-${lang}` }, version: '0.0.1' }],
    translations: { vscode: coreTranslations },
    label: LABELS[lang] ?? lang,
  };
  fs.writeFileSync(file, JSON.stringify(packs, null, 2));

  const argv = path.join(userDataDir, 'User', 'argv.json');
  fs.mkdirSync(path.dirname(argv), { recursive: true });
  fs.writeFileSync(argv, JSON.stringify({ locale: lang }, null, 2));
}

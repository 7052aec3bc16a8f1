// What README.md and CHANGELOG.md must be, as plain checks on their text. README.md ships inside
// the .vsix as the user's guide (the Marketplace page and the installed extension's Details tab),
// so it stays small, speaks to users, and links only what works there: screenshots packaged beside
// it, web addresses and its own headings. Developer material lives in CONTRIBUTING.md and docs/.
// The unit layer runs these on the project's files (docsCheck.test.ts); the package layer runs
// them on the copies inside the built .vsix (packageCheck.ts).

/** "At most 32 KB": the user's guide, not a manual. */
export const README_MAX_BYTES = 32 * 1024;

interface Rule {
  readonly why: string;
  readonly pattern: RegExp;
  /** Also looked for in link targets (addresses are otherwise not prose). */
  readonly inAddresses?: boolean;
}

/** Other projects' bug and pull-request numbers mean nothing to a user (and date the text). */
const ISSUE_REFERENCES: Rule[] = [
  { why: 'an issue or pull-request number', pattern: /(?:^|[\s([,;:])#\d+\b/m },
  { why: "another project's issue number", pattern: /\b[\w.-]+(?:\/[\w.-]+)?\s?#\d+\b/ },
  { why: 'a link to an issue or pull request', pattern: /github\.com\/[\w.-]+\/[\w.-]+\/(?:issues|pull|discussions)\/\d+/i, inAddresses: true },
  { why: 'an issue or pull-request number', pattern: /\b(?:issues?|PRs?|pull requests?|bugs?)\s+#?\d+/i },
];

/** Speed figures measured on some machine on some day belong in docs/, with when and where. */
const BENCHMARK_FIGURES: Rule[] = [
  { why: 'a speed ratio (e.g. "5x faster")', pattern: /\b\d+(?:\.\d+)?\s?[x×](?![\w.])/ },
  { why: 'a time in milliseconds or less', pattern: /\b\d+(?:[.,]\d+)?\s?(?:ms|µs|ns)\b/ },
  { why: 'benchmark talk', pattern: /\b(?:bench(?:mark)?s?|load average|CPU time|npm run bench)\b/i },
];

/** How the extension is built and tested is for CONTRIBUTING.md and docs/architecture.md. */
const DEVELOPER_MATERIAL: Rule[] = [
  { why: 'a path in the source tree', pattern: /\b(?:src|test)\/(?:core|platform|webview|chat|codeCommands|models|media|nativeChat|usage|auth|host|simulator|integration|e2e|fakes|bench|lint|l10n)\b/ },
  { why: 'a development command', pattern: /\bnpm (?:ci|install|run|test|start)\b/ },
  { why: 'a library the extension is built with', pattern: /\b(?:undici|eventsource-parser|esbuild|mocha|playwright|DOMPurify|highlight\.js)\b/i },
];

function matches(text: string, rules: Rule[], kind: string): string[] {
  const out: string[] = [];
  const [withAddresses, withoutAddresses] = [withoutCode(text), prose(text)];
  for (const rule of rules) {
    const re = new RegExp(rule.pattern.source, rule.pattern.flags.includes('g') ? rule.pattern.flags : `${rule.pattern.flags}g`);
    for (const m of (rule.inAddresses ? withAddresses : withoutAddresses).matchAll(re)) {
      const line = text.slice(0, m.index).split('\n').length;
      out.push(`line ${line}: ${kind}: ${rule.why}: "${m[0].trim()}"`);
    }
  }
  return out;
}

/** The text with fenced code blocks blanked out (lines kept, so line numbers stay right). */
function withoutCode(text: string): string {
  return text.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[ \t]*$/gm, (block) => block.replace(/[^\n]/g, ' '));
}

/** Text outside fenced code blocks and without link targets (an address is not prose). */
function prose(text: string): string {
  return withoutCode(text)
    .replace(/\]\((?:[^()\s]|\([^()\s]*\))*\)/g, (link) => `]${' '.repeat(link.length - 1)}`);
}

export interface Link {
  readonly image: boolean;
  readonly target: string;
  readonly line: number;
}

/** Every Markdown link and image (`[text](target)`, `![alt](target)`) and every HTML `<img src>`. */
export function links(text: string): Link[] {
  const out: Link[] = [];
  const lineOf = (i: number) => text.slice(0, i).split('\n').length;
  for (const m of text.matchAll(/(!?)\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
    out.push({ image: m[1] === '!', target: m[2]!, line: lineOf(m.index) });
  }
  for (const m of text.matchAll(/<img\b[^>]*\bsrc\s*=\s*["']([^"']+)["']/gi)) out.push({ image: true, target: m[1]!, line: lineOf(m.index) });
  return out;
}

/** The anchors GitHub and the Marketplace give headings: lower case, punctuation dropped, spaces to hyphens. */
export function headingAnchors(text: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const m of prose(text).matchAll(/^#{1,6}[ \t]+(.+?)[ \t#]*$/gm)) {
    const base = m[1]!
      .replace(/`/g, '')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\s_-]/gu, '')
      .replace(/ /g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n ? `${base}-${n}` : base);
  }
  return anchors;
}

/** Relative image paths of README.md: these must be packaged beside it. */
export function localImages(text: string): string[] {
  return [...new Set(links(text).filter((l) => l.image && !/^[a-z][\w+.-]*:/i.test(l.target)).map((l) => l.target.replace(/^\.\//, '')))];
}

/**
 * Why README.md is not a user's guide the .vsix can carry; empty when it is. `exists` says whether
 * a relative image path is there (in the project, or in the package).
 */
export function readmeProblems(text: string, exists: (relativePath: string) => boolean): string[] {
  const problems: string[] = [];
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > README_MAX_BYTES) problems.push(`README.md is ${bytes} bytes; at most ${README_MAX_BYTES} (move developer material to CONTRIBUTING.md or docs/)`);
  problems.push(...matches(text, ISSUE_REFERENCES, 'issue reference'), ...matches(text, BENCHMARK_FIGURES, 'benchmark figure'), ...matches(text, DEVELOPER_MATERIAL, 'developer material'));

  const anchors = headingAnchors(text);
  for (const l of links(text)) {
    const where = `line ${l.line}: link "${l.target}"`;
    if (l.target.startsWith('#')) {
      if (!anchors.has(decodeURIComponent(l.target.slice(1)))) problems.push(`${where}: no heading has this anchor`);
    } else if (/^http:/i.test(l.target) && l.image) {
      problems.push(`${where}: images must be https (the Marketplace refuses others)`);
    } else if (!/^[a-z][\w+.-]*:/i.test(l.target)) {
      if (!l.image) problems.push(`${where}: a relative link works neither on the Marketplace nor in the installed extension; use a web address`);
      else if (!exists(l.target.replace(/^\.\//, ''))) problems.push(`${where}: the image is missing`);
    }
  }
  return problems;
}

/**
 * Neither the Marketplace nor VS Code's Details tab shows an image the packaged README links by a
 * relative path. The Details tab of an extension installed from a .vsix drops it (VS Code 1.139's
 * sanitizer) or blocks it (1.100's `img-src https: data:`); the Marketplace resolves it against
 * the repository package.json names, and a screenshot is not one of the package's addressable
 * assets (manifest, readme, changelog, license, icon), so packing the screenshots would not help.
 * vsce rewrites relative images to https addresses under that repository (or `--baseImagesUrl`);
 * until there is one, this is a known gap, reported on every run but not a failure.
 */
export function readmeImagesCheck(relativeImages: string[], hasImageBase: boolean): { problems: string[]; skipped?: string } {
  if (!relativeImages.length) return { problems: [] };
  const list = relativeImages.join(', ');
  if (hasImageBase) return { problems: [`still relative after packaging: ${list} (drop --no-rewrite-relative-links from the package script)`] };
  return {
    problems: [],
    skipped: `${relativeImages.length} image(s) are relative links, shown only as their alt text on the Marketplace and in the Details tab: set "repository" in package.json (or give vsce --baseImagesUrl) and drop --no-rewrite-relative-links from the package script, so vsce rewrites them to https addresses`,
  };
}

const CHANGE_KINDS = ['Added', 'Changed', 'Deprecated', 'Removed', 'Fixed', 'Security'];

/** Why CHANGELOG.md does not follow Keep a Changelog, or lacks the version being packaged. */
export function changelogProblems(text: string, version: string): string[] {
  const problems: string[] = [];
  if (!/^# Changelog\s*$/m.test(text.split('\n')[0] ?? '')) problems.push('CHANGELOG.md must start with "# Changelog"');
  const releases = [...text.matchAll(/^## \[([^\]]+)\](.*)$/gm)].map((m) => ({ name: m[1]!, rest: m[2]!.trim() }));
  if (releases[0]?.name !== 'Unreleased') problems.push('the first section must be "## [Unreleased]"');
  for (const r of releases.slice(1)) {
    if (!/^\d+\.\d+\.\d+(?:-[\w.]+)?$/.test(r.name)) problems.push(`"## [${r.name}]": a release is named by its version`);
    if (!/^- \d{4}-\d{2}-\d{2}$/.test(r.rest)) problems.push(`"## [${r.name}]" needs its date: "## [${r.name}] - YYYY-MM-DD"`);
  }
  if (!releases.some((r) => r.name === version)) problems.push(`package.json's version ${version} has no "## [${version}]" section`);
  for (const m of text.matchAll(/^### (.+)$/gm)) {
    if (!CHANGE_KINDS.includes(m[1]!.trim())) problems.push(`"### ${m[1]}": the kinds of change are ${CHANGE_KINDS.join(', ')}`);
  }
  problems.push(...matches(text, ISSUE_REFERENCES, 'issue reference'));
  return problems;
}

// Where Write tests puts a new test file and which framework it asks for: the conventions of the
// tests already in the workspace where there are some (their naming, their folder, their
// framework), else the language's usual ones, next to the source. Paths are workspace-relative
// with `/` separators.

/** How a test file's name is formed from its subject's (`parser` → `parser.test`). */
export type NamingStyle = 'dotTest' | 'dotSpec' | 'prefixTest' | 'suffixTest' | 'suffixSpec' | 'pascalTest' | 'pascalTests' | 'pascalSpec';

interface LanguageTests {
  /** The glob `findFiles` uses to find this language's tests. */
  glob: string;
  defaultStyle: NamingStyle;
  /** Used when no existing test names one. */
  defaultFramework: string;
}

const JS: LanguageTests = { glob: '**/*.{test,spec}.{ts,tsx,js,jsx,mjs,cjs,mts,cts}', defaultStyle: 'dotTest', defaultFramework: '' };

const TESTS: Record<string, LanguageTests> = {
  typescript: JS,
  typescriptreact: JS,
  javascript: JS,
  javascriptreact: JS,
  python: { glob: '**/{test_*.py,*_test.py}', defaultStyle: 'prefixTest', defaultFramework: 'pytest' },
  go: { glob: '**/*_test.go', defaultStyle: 'suffixTest', defaultFramework: 'Go\'s standard `testing` package' },
  rust: { glob: '**/tests/**/*.rs', defaultStyle: 'suffixTest', defaultFramework: 'Rust\'s built-in test harness (`#[test]`)' },
  java: { glob: '**/*{Test,Tests}.java', defaultStyle: 'pascalTest', defaultFramework: 'JUnit 5' },
  kotlin: { glob: '**/*{Test,Tests}.kt', defaultStyle: 'pascalTest', defaultFramework: 'JUnit 5 with kotlin.test' },
  csharp: { glob: '**/*{Test,Tests}.cs', defaultStyle: 'pascalTests', defaultFramework: 'xUnit' },
  ruby: { glob: '**/{*_spec.rb,*_test.rb}', defaultStyle: 'suffixSpec', defaultFramework: 'RSpec' },
  php: { glob: '**/*Test.php', defaultStyle: 'pascalTest', defaultFramework: 'PHPUnit' },
  swift: { glob: '**/*Tests.swift', defaultStyle: 'pascalTests', defaultFramework: 'XCTest' },
  dart: { glob: '**/*_test.dart', defaultStyle: 'suffixTest', defaultFramework: 'package:test' },
  elixir: { glob: '**/*_test.exs', defaultStyle: 'suffixTest', defaultFramework: 'ExUnit' },
  c: { glob: '**/{test_*.c,*_test.c}', defaultStyle: 'suffixTest', defaultFramework: '' },
  cpp: { glob: '**/{test_*.cpp,*_test.cpp,*_test.cc}', defaultStyle: 'suffixTest', defaultFramework: 'GoogleTest' },
};

/** The glob for this language's existing tests, or undefined when we know none. */
export function testGlob(languageId: string): string | undefined {
  return TESTS[languageId]?.glob;
}

interface PathParts {
  dir: string;
  /** File name without its extension. */
  stem: string;
  /** With the dot (`.ts`), or ''. */
  ext: string;
}

function split(path: string): PathParts {
  const slash = path.lastIndexOf('/');
  const dir = slash === -1 ? '' : path.slice(0, slash);
  const name = path.slice(slash + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? { dir, stem: name.slice(0, dot), ext: name.slice(dot) } : { dir, stem: name, ext: '' };
}

function join(dir: string, name: string): string {
  return dir ? `${dir}/${name}` : name;
}

/** The naming style of an existing test file's name, and the subject's name inside it. */
export function namingOf(path: string): { style: NamingStyle; subject: string } | undefined {
  const { stem } = split(path);
  let m: RegExpExecArray | null;
  if ((m = /^(.+)\.test$/.exec(stem))) return { style: 'dotTest', subject: m[1] };
  if ((m = /^(.+)\.spec$/.exec(stem))) return { style: 'dotSpec', subject: m[1] };
  if ((m = /^test_(.+)$/.exec(stem))) return { style: 'prefixTest', subject: m[1] };
  if ((m = /^(.+)_test$/.exec(stem))) return { style: 'suffixTest', subject: m[1] };
  if ((m = /^(.+)_spec$/.exec(stem))) return { style: 'suffixSpec', subject: m[1] };
  if ((m = /^([A-Z]\w*?)Tests$/.exec(stem))) return { style: 'pascalTests', subject: m[1] };
  if ((m = /^([A-Z]\w*?)Test$/.exec(stem))) return { style: 'pascalTest', subject: m[1] };
  if ((m = /^([A-Z]\w*?)Spec$/.exec(stem))) return { style: 'pascalSpec', subject: m[1] };
  return undefined;
}

function nameFor(style: NamingStyle, stem: string, ext: string): string {
  switch (style) {
    case 'dotTest':
      return `${stem}.test${ext}`;
    case 'dotSpec':
      return `${stem}.spec${ext}`;
    case 'prefixTest':
      return `test_${stem}${ext}`;
    case 'suffixTest':
      return `${stem}_test${ext}`;
    case 'suffixSpec':
      return `${stem}_spec${ext}`;
    case 'pascalTest':
      return `${stem}Test${ext}`;
    case 'pascalTests':
      return `${stem}Tests${ext}`;
    case 'pascalSpec':
      return `${stem}Spec${ext}`;
  }
}

/** Top-level folders that hold a project's tests apart from its sources. */
const TEST_ROOTS = new Set(['test', 'tests', 'spec', '__tests__', 'testing']);
/** Source roots a mirrored test folder leaves out (`src/a/b.ts` ↔ `test/a/b.test.ts`). */
const SOURCE_ROOTS = new Set(['src', 'lib', 'app', 'source']);

export interface TestPlanInput {
  sourcePath: string;
  languageId: string;
  /** Existing test files in the workspace (from `testGlob`), any order. */
  existingTests: readonly string[];
}

export interface TestPlanResult {
  testPath: string;
  style: NamingStyle;
  /** The existing test closest to the source (by folder), to show the model as an example. */
  nearestTest?: string;
}

function commonDirDepth(a: string, b: string): number {
  const x = a.split('/').slice(0, -1);
  const y = b.split('/').slice(0, -1);
  let n = 0;
  while (n < x.length && n < y.length && x[n] === y[n]) n++;
  return n;
}

function majority<T>(items: readonly T[]): T | undefined {
  const counts = new Map<T, number>();
  let best: T | undefined;
  let bestCount = 0;
  for (const item of items) {
    const c = (counts.get(item) ?? 0) + 1;
    counts.set(item, c);
    if (c > bestCount) {
      best = item;
      bestCount = c;
    }
  }
  return best;
}

/** Where the test file for `sourcePath` goes, following the workspace's existing tests. */
export function planTestFile(input: TestPlanInput): TestPlanResult {
  const src = split(input.sourcePath);
  const lang = TESTS[input.languageId];
  // Only tests of the same kind of file say anything about this one's conventions.
  const sameKind = input.existingTests.filter((p) => {
    const e = split(p).ext;
    return e === src.ext || (lang === JS && /^\.[mc]?[jt]sx?$/.test(e));
  });
  const namings = sameKind.map(namingOf).filter((n): n is NonNullable<typeof n> => !!n);
  const style = majority(namings.map((n) => n.style)) ?? lang?.defaultStyle ?? 'dotTest';
  const nearestTest = [...sameKind].sort((a, b) => commonDirDepth(b, input.sourcePath) - commonDirDepth(a, input.sourcePath) || a.length - b.length)[0];

  const fileName = nameFor(style, src.stem, src.ext);
  const dirs = src.dir ? src.dir.split('/') : [];

  // Maven/Gradle layout: src/main/<lang>/pkg → src/test/<lang>/pkg.
  const mainAt = dirs.findIndex((d, i) => d === 'main' && dirs[i - 1] === 'src');
  if (mainAt > 0) {
    const testDirs = [...dirs];
    testDirs[mainAt] = 'test';
    return { testPath: join(testDirs.join('/'), fileName), style, nearestTest };
  }

  // Tests in `__tests__` folders beside the sources.
  const besideInFolder = sameKind.filter((p) => /(^|\/)__tests__\//.test(p) && !p.startsWith('__tests__/'));
  if (besideInFolder.length > 0 && besideInFolder.length * 2 >= sameKind.length) {
    return { testPath: join(join(src.dir, '__tests__'), fileName), style, nearestTest };
  }

  // Tests under a separate top-level folder that mirrors the sources.
  const roots = sameKind.map((p) => p.split('/')[0]).filter((r, _i) => TEST_ROOTS.has(r));
  const root = majority(roots);
  if (root && roots.length * 2 > sameKind.length && dirs[0] !== root) {
    const rest = SOURCE_ROOTS.has(dirs[0] ?? '') ? dirs.slice(1) : dirs;
    return { testPath: join([root, ...rest].join('/'), fileName), style, nearestTest };
  }

  return { testPath: join(src.dir, fileName), style, nearestTest };
}

/** `path`, then numbered alternatives (`parser2.test.ts`...) for when a file is already there. */
export function testPathCandidates(testPath: string, count = 9): string[] {
  const { dir, stem, ext } = split(testPath);
  const naming = namingOf(testPath);
  const out = [testPath];
  for (let n = 2; n <= count + 1; n++) {
    const name = naming ? nameFor(naming.style, `${naming.subject}${n}`, ext) : `${stem}${n}${ext}`;
    out.push(join(dir, name));
  }
  return out;
}

/** A relative module specifier from the test file to the source (`./parser`, `../../src/parser`), for JS/TS. */
export function relativeImport(fromPath: string, toPath: string): string {
  const from = split(fromPath).dir.split('/').filter(Boolean);
  const to = split(toPath);
  const toDirs = to.dir.split('/').filter(Boolean);
  let n = 0;
  while (n < from.length && n < toDirs.length && from[n] === toDirs[n]) n++;
  const ups = from.length - n;
  const rest = [...toDirs.slice(n), to.stem].join('/');
  return ups === 0 ? `./${rest}` : `${'../'.repeat(ups)}${rest}`;
}

/**
 * The test framework a workspace uses, from an existing test file and (for JS/TS) the
 * package.json text; the language's usual one when neither says.
 */
export function detectTestFramework(languageId: string, exampleText?: string, manifestText?: string): string {
  const ex = exampleText ?? '';
  const manifest = manifestText ?? '';
  if (TESTS[languageId] === JS) {
    if (/from\s+['"]vitest['"]|require\(['"]vitest['"]\)/.test(ex)) return 'Vitest';
    if (/from\s+['"]node:test['"]|require\(['"]node:test['"]\)/.test(ex)) return 'the Node.js test runner (node:test) with node:assert';
    if (/@jest\/globals|\bjest\.(fn|mock|spyOn)\b/.test(ex)) return 'Jest';
    if (/from\s+['"]mocha['"]|\bsuite\(|\bsetup\(/.test(ex)) return 'Mocha';
    if (/"vitest"\s*:/.test(manifest)) return 'Vitest';
    if (/"jest"\s*:/.test(manifest)) return 'Jest';
    if (/"mocha"\s*:/.test(manifest)) return /\bexpect\(/.test(ex) ? 'Mocha' : 'Mocha with node:assert';
    if (/"@playwright\/test"\s*:/.test(manifest) && /\btest\(/.test(ex)) return 'Playwright Test';
    return ex ? 'the framework the example test below uses' : 'Vitest';
  }
  switch (languageId) {
    case 'python':
      if (/unittest\.TestCase|import unittest/.test(ex)) return 'unittest';
      return 'pytest';
    case 'java':
    case 'kotlin':
      if (/org\.junit\.jupiter/.test(ex)) return 'JUnit 5';
      if (/org\.junit\.Test|org\.junit\.Assert/.test(ex)) return 'JUnit 4';
      if (/org\.testng/.test(ex)) return 'TestNG';
      return TESTS[languageId].defaultFramework;
    case 'csharp':
      if (/\[Fact\]|\[Theory\]|using Xunit/.test(ex)) return 'xUnit';
      if (/\[TestFixture\]|using NUnit/.test(ex)) return 'NUnit';
      if (/\[TestMethod\]|\[TestClass\]|Microsoft\.VisualStudio\.TestTools/.test(ex)) return 'MSTest';
      return 'xUnit';
    case 'ruby':
      if (/Minitest|minitest/.test(ex)) return 'Minitest';
      if (/RSpec\.describe|\bdescribe\b.*\bdo\b/.test(ex)) return 'RSpec';
      return 'RSpec';
    case 'cpp':
      if (/catch2|TEST_CASE\(/.test(ex)) return 'Catch2';
      return 'GoogleTest';
    default:
      return TESTS[languageId]?.defaultFramework ?? '';
  }
}

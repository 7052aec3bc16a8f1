// What the code prompts need to know about a VS Code language id: the tag models use on a
// fence, a readable name, and the language's doc comment convention. Plain data, no vscode.

interface LanguageFacts {
  name: string;
  /** The usual markdown fence tag; also what we accept back from the model. */
  fence: string;
  /** Other tags a model may put on a fence for this language. */
  aliases?: string[];
  /** How this language documents code, told to the model by Document. */
  docs?: string;
}

const JS_DOC = 'JSDoc block comments (`/** ... */`) directly above each function, class, method and exported value, with `@param` and `@returns` tags where they help; no type annotations inside JSDoc when the code has TypeScript types';
const C_DOC = 'Doxygen-style block comments (`/** ... */` with `@brief`, `@param`, `@return`) directly above each declaration';

const LANGUAGES: Record<string, LanguageFacts> = {
  typescript: { name: 'TypeScript', fence: 'ts', aliases: ['typescript', 'tsx'], docs: `TSDoc: ${JS_DOC}` },
  typescriptreact: { name: 'TypeScript React', fence: 'tsx', aliases: ['typescript', 'ts', 'typescriptreact'], docs: `TSDoc: ${JS_DOC}` },
  javascript: { name: 'JavaScript', fence: 'js', aliases: ['javascript', 'jsx', 'mjs', 'cjs', 'node'], docs: JS_DOC },
  javascriptreact: { name: 'JavaScript React', fence: 'jsx', aliases: ['javascript', 'js', 'javascriptreact'], docs: JS_DOC },
  python: { name: 'Python', fence: 'python', aliases: ['py', 'python3'], docs: 'PEP 257 docstrings (`"""..."""`) as the first statement inside each module, class and function body, in the style the file already uses (Google, NumPy or reStructuredText) or Google style when none; never comments above the `def`' },
  go: { name: 'Go', fence: 'go', aliases: ['golang'], docs: 'Go doc comments: `//` line comments directly above each declaration, starting with the name of the thing documented (`// Parse reads ...`), full sentences, no blank line before the declaration' },
  rust: { name: 'Rust', fence: 'rust', aliases: ['rs'], docs: 'Rust doc comments: `///` above items (with `# Examples`, `# Errors`, `# Panics` sections where they apply) and `//!` only for module-level docs' },
  java: { name: 'Java', fence: 'java', docs: 'Javadoc block comments (`/** ... */`) above each class, method and field, with `@param`, `@return` and `@throws` tags' },
  kotlin: { name: 'Kotlin', fence: 'kotlin', aliases: ['kt'], docs: 'KDoc block comments (`/** ... */`) with `@param`, `@return`, `@throws` tags above each declaration' },
  scala: { name: 'Scala', fence: 'scala', docs: 'Scaladoc block comments (`/** ... */`) with `@param` and `@return` above each declaration' },
  csharp: { name: 'C#', fence: 'csharp', aliases: ['cs', 'c#'], docs: 'C# XML documentation comments: `///` lines with `<summary>`, `<param name="...">`, `<returns>` and `<exception>` elements above each member' },
  fsharp: { name: 'F#', fence: 'fsharp', aliases: ['fs'], docs: 'F# XML documentation comments (`///` lines, `<summary>`, `<param>`, `<returns>`)' },
  vb: { name: 'Visual Basic', fence: 'vb', aliases: ['vbnet'], docs: "Visual Basic XML documentation comments (`'''` lines with `<summary>`, `<param>`, `<returns>`)" },
  c: { name: 'C', fence: 'c', aliases: ['h'], docs: C_DOC },
  cpp: { name: 'C++', fence: 'cpp', aliases: ['c++', 'cc', 'cxx', 'hpp'], docs: C_DOC },
  objectivec: { name: 'Objective-C', fence: 'objectivec', aliases: ['objc'], docs: 'HeaderDoc/Doxygen comments (`/** ... */` or `///`) above each declaration' },
  swift: { name: 'Swift', fence: 'swift', docs: 'Swift markup doc comments: `///` lines with `- Parameters:`, `- Returns:` and `- Throws:` above each declaration' },
  php: { name: 'PHP', fence: 'php', docs: 'PHPDoc block comments (`/** ... */`) with `@param`, `@return`, `@throws` above each function, method and class' },
  ruby: { name: 'Ruby', fence: 'ruby', aliases: ['rb'], docs: 'YARD comments: `#` lines above each method and class with `@param`, `@return`, `@raise` tags' },
  perl: { name: 'Perl', fence: 'perl', aliases: ['pl'], docs: 'POD sections (`=head2`, `=cut`) for each subroutine' },
  lua: { name: 'Lua', fence: 'lua', docs: 'LDoc/LuaCATS comments: `---` lines with `@param` and `@return` above each function' },
  r: { name: 'R', fence: 'r', docs: "roxygen2 comments (`#'` lines with `@param`, `@return`, `@export`) above each function" },
  julia: { name: 'Julia', fence: 'julia', aliases: ['jl'], docs: 'Julia docstrings: a `"""..."""` string directly above each function or type, starting with the indented signature' },
  dart: { name: 'Dart', fence: 'dart', docs: 'Dart doc comments: `///` lines above each declaration, the first sentence a summary, identifiers in [brackets]' },
  elixir: { name: 'Elixir', fence: 'elixir', aliases: ['ex', 'exs'], docs: 'Elixir `@moduledoc` and `@doc """..."""` attributes (and `@spec` where types are clear) above each public function' },
  erlang: { name: 'Erlang', fence: 'erlang', aliases: ['erl'], docs: 'EDoc comments: `%%` lines with `@doc`, `@param`, `@returns` above each function' },
  haskell: { name: 'Haskell', fence: 'haskell', aliases: ['hs'], docs: 'Haddock comments: `-- |` above each declaration and `-- ^` for arguments and fields' },
  ocaml: { name: 'OCaml', fence: 'ocaml', aliases: ['ml'], docs: 'odoc comments (`(** ... *)`) above each value and type' },
  clojure: { name: 'Clojure', fence: 'clojure', aliases: ['clj'], docs: 'docstrings as the string right after the name in each `defn`/`def`' },
  shellscript: { name: 'Shell', fence: 'bash', aliases: ['sh', 'shell', 'zsh', 'shellscript'], docs: '`#` comment blocks above each function describing what it does, its arguments ($1, $2...), outputs and exit status' },
  powershell: { name: 'PowerShell', fence: 'powershell', aliases: ['ps1', 'pwsh'], docs: 'comment-based help (`<# .SYNOPSIS .DESCRIPTION .PARAMETER .OUTPUTS #>`) inside or above each function' },
  sql: { name: 'SQL', fence: 'sql', docs: '`--` comments above each statement or object describing its purpose, parameters and result' },
  html: { name: 'HTML', fence: 'html', docs: '`<!-- -->` comments above significant sections' },
  css: { name: 'CSS', fence: 'css', docs: '`/* */` comments above rule groups' },
  scss: { name: 'SCSS', fence: 'scss', docs: 'SassDoc comments (`///` with `@param`, `@return`) above mixins and functions' },
  less: { name: 'Less', fence: 'less' },
  vue: { name: 'Vue', fence: 'vue', docs: JS_DOC },
  svelte: { name: 'Svelte', fence: 'svelte', docs: JS_DOC },
  json: { name: 'JSON', fence: 'json' },
  jsonc: { name: 'JSON with comments', fence: 'jsonc', aliases: ['json'] },
  yaml: { name: 'YAML', fence: 'yaml', aliases: ['yml'], docs: '`#` comments above keys' },
  toml: { name: 'TOML', fence: 'toml', docs: '`#` comments above keys and tables' },
  xml: { name: 'XML', fence: 'xml' },
  markdown: { name: 'Markdown', fence: 'markdown', aliases: ['md'] },
  dockerfile: { name: 'Dockerfile', fence: 'dockerfile', aliases: ['docker'], docs: '`#` comments above instructions' },
  makefile: { name: 'Makefile', fence: 'makefile', aliases: ['make'], docs: '`#` comments above targets' },
  terraform: { name: 'Terraform', fence: 'hcl', aliases: ['terraform', 'tf'], docs: '`#` comments and `description` arguments on variables and outputs' },
  zig: { name: 'Zig', fence: 'zig', docs: 'Zig doc comments: `///` above declarations and `//!` for the file' },
  nim: { name: 'Nim', fence: 'nim', docs: '`##` doc comments inside each proc' },
  groovy: { name: 'Groovy', fence: 'groovy', docs: 'Groovydoc block comments (`/** ... */`)' },
};

function facts(languageId: string): LanguageFacts {
  return LANGUAGES[languageId] ?? { name: languageId ? languageId.charAt(0).toUpperCase() + languageId.slice(1) : 'plain text', fence: languageId === 'plaintext' ? 'text' : languageId };
}

/** A human-readable language name for prompts ("TypeScript"). */
export function languageName(languageId: string): string {
  return facts(languageId).name;
}

/** The markdown fence tag for the language (`ts` for typescript). */
export function fenceTag(languageId: string): string {
  return facts(languageId).fence;
}

/** Whether a fence tag a model wrote (`py`, `typescript`...) names the given language. */
export function tagMatchesLanguage(tag: string, languageId: string): boolean {
  const t = tag.trim().toLowerCase();
  if (!t || !languageId) return false;
  const f = facts(languageId);
  return t === languageId.toLowerCase() || t === f.fence || (f.aliases ?? []).includes(t);
}

/** The doc comment convention Document asks for, in one instruction sentence. */
export function docConvention(languageId: string): string {
  return facts(languageId).docs ?? `the documentation comment convention that ${facts(languageId).name} code normally uses`;
}

// What the extension host loads at activation: the main bundle (package.json `main`) and nothing
// else. The client (undici), the agent's tools, media generation and the other parts activation
// does not need live in bundles beside it that the main bundle `require`s on first use
// (esbuild.mjs). These checks read the main bundle as it ships.

/** At most this many bytes are loaded at activation: 200 kB, read strictly (not 200 KiB). */
export const ACTIVATION_BUDGET_BYTES = 200_000;

/** Strings only undici's code holds (its error codes and its name), minified or not. */
const UNDICI_MARKS = [/\bUND_ERR_[A-Z_]+/, /\bundici\b/];

/** The sibling bundles the main bundle requires (`require("./network.js")`), by file name. */
export function lazyBundles(main: string): string[] {
  return [...new Set([...main.matchAll(/require\(\s*["']\.\/([\w.-]+\.js)["']\s*\)/g)].map((m) => m[1]!))].sort();
}

/**
 * Problems with a main bundle: over the budget, holding undici, or requiring a sibling bundle
 * that is not there (`exists` says whether `dist/<name>` ships).
 */
export function activationBundleProblems(main: string, bytes: number, exists: (name: string) => boolean): string[] {
  const problems: string[] = [];
  if (bytes > ACTIVATION_BUDGET_BYTES) problems.push(`the main bundle is ${(bytes / 1000).toFixed(1)} kB, over the ${ACTIVATION_BUDGET_BYTES / 1000} kB loaded at activation`);
  for (const mark of UNDICI_MARKS) {
    const m = mark.exec(main);
    if (m) problems.push(`the main bundle holds undici (${m[0]}): the client must load on first use`);
  }
  for (const name of lazyBundles(main)) if (!exists(name)) problems.push(`the main bundle requires ./${name}, which is not packaged`);
  return problems;
}

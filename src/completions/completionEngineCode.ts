// The completion engine (cache, pacing, prompt, answer): activation does not need it, so the
// production build puts it in a bundle of its own, dist/completions.js (esbuild.mjs), that
// CompletionsFeature loads on the first keystroke or request where completions may run.
export { CompletionEngine } from '../core/completions/engine';

// A page script for test/webview/markdown.test.ts (bundled for the browser by `esbuild.mjs
// --tests`): the markdown module's layers, each callable on its own from the test.
import { decorate, escapeHtml, languageOf, markdownToHtml, renderMarkdown, sanitizeHtml } from '../../../src/webview/markdown';

const layers = { decorate, escapeHtml, languageOf, markdownToHtml, renderMarkdown, sanitizeHtml };
export type MarkdownLayers = typeof layers;

(window as unknown as { markdownLayers: MarkdownLayers }).markdownLayers = layers;

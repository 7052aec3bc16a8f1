// A page script for test/webview/streamingTail.test.ts (bundled for the browser by `esbuild.mjs
// --tests`): the streaming renderer alone, with the markdown renderer its tail is checked against.
import { renderMarkdown } from '../../../src/webview/markdown';
import { morphChildren } from '../../../src/webview/morph';
import { StreamingRenderer } from '../../../src/webview/streamingRenderer';

const parts = { morphChildren, renderMarkdown, StreamingRenderer };
export type StreamingTailParts = typeof parts;

(window as unknown as { streamingTail: StreamingTailParts }).streamingTail = parts;

import type { ChatRequest } from '../api/types';
import type { AnswerContext } from './answer';
import { completionFrom, restAfterTyping } from './answer';
import type { CacheEntry } from './cache';
import { CompletionCache } from './cache';
import type { CompletionMode, CursorWindow } from './cursor';
import { completionMode } from './cursor';
import type { Snippet } from './prompt';
import { buildCompletionPrompt } from './prompt';
import type { DebounceOptions } from './timing';
import { AdaptiveDebounce, DEFAULT_DEBOUNCE, WarmPolicy } from './timing';

// One completion from keystroke to text, without VS Code: the cache first (typing through a
// suggestion costs nothing), then a wait that adapts to the typist, then one streamed request
// through the turn runner. A keystroke that does not type the suggestion aborts the request in
// flight (its socket is closed); one that does lets it go on filling the cache. A block is
// returned as soon as its first line is complete; the rest keeps streaming into the cache, and
// `onDidFinish` says when it is whole so the editor can show it (src/completions/ re-triggers).

export interface CompletionInput {
  /** The document, as a string that identifies it (its URI). */
  uri: string;
  /** Workspace-relative path, as the prompt shows it. */
  path: string;
  languageId: string;
  /** The cursor's offset in the document. */
  offset: number;
  window: CursorWindow;
  snippets?: readonly Snippet[];
  /** Asked for by the user (a keybinding, a command): no waiting. */
  explicit?: boolean;
}

export interface CompletionResult {
  /** What to insert at the cursor (`\n` line breaks). */
  text: string;
  /** Characters after the cursor that `text` replaces: closing marks the editor typed that it writes too. */
  replace: number;
  /** `cache`: no request was made for it. */
  source: 'cache' | 'network';
  /** More of it is still streaming. */
  partial: boolean;
  entry: CacheEntry;
}

/** How a request ended, as the turn runner says (`error` carries its kind, and what to tell the user). */
export interface RunOutcome {
  status: 'done' | 'cancelled' | 'error';
  error?: { kind?: string; retryAfterMs?: number; message?: string };
}

/** Runs one streamed request (the extension: `services.turns.run(…, { source: 'completion' })`). */
export type RunTurn = (request: ChatRequest, signal: AbortSignal, onText: (delta: string) => void) => Promise<RunOutcome>;

export interface EngineDeps {
  run: RunTurn;
  /** The model to ask; undefined: none suits, ask nothing. */
  model(): string | undefined;
  now?(): number;
  /** Waits `ms`, or less when `signal` aborts. */
  sleep?(ms: number, signal: AbortSignal): Promise<void>;
  /** Strings never to send (the API key). */
  secrets?(): readonly string[];
  /** Opens a connection to the gateway ahead of a request (nothing is billed). */
  warm?(): void;
}

export interface EngineOptions {
  /** Serve typing-through from earlier answers (default true). */
  cache?: boolean;
  /** Wait for a pause in typing (default: adaptive); `false`: ask at once. */
  debounce?: DebounceOptions | false;
}

/** A request on its way: what it was for, and who waits for its next line. */
export interface InFlight {
  readonly uri: string;
  readonly entry: CacheEntry;
  readonly mode: CompletionMode;
  readonly controller: AbortController;
  readonly ctx: AnswerContext;
  readonly request: ChatRequest;
  raw: string;
  /** Characters of the completion typed while it streamed. */
  typed: number;
  /** The text the last provide() returned for it (to tell whether the finished answer says more). */
  shown?: string;
  readonly waiters: Set<() => void>;
  /** How the request ended (set when it starts). */
  finished?: Promise<RunOutcome>;
}

export interface FinishedCompletion {
  entry: CacheEntry;
  uri: string;
  /** Where the cursor is expected: the entry's offset plus what was typed of it. */
  cursor: number;
  /** The text first shown was less than the whole (a block shown by its first line). */
  grew: boolean;
}

/** Waits on error kinds that will not go away by asking again at once. */
const BACKOFF_MS: Readonly<Record<string, number>> = { auth: 60_000, credit: 60_000, model: 60_000, badRequest: 30_000 };
const DEFAULT_BACKOFF_MS = 5_000;

function defaultSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

export class CompletionEngine {
  readonly cache = new CompletionCache();
  readonly debounce: AdaptiveDebounce | undefined;
  /** When to open a connection ahead of a request. */
  readonly warming = new WarmPolicy();
  private readonly useCache: boolean;
  private current: InFlight | undefined;
  private pausedUntil = 0;
  /** Called when a request starts and when it ends (status bar, tests). */
  onDidStart: ((f: InFlight) => void) | undefined;
  onDidEnd: ((f: InFlight, outcome: RunOutcome) => void) | undefined;
  /** A request that failed (not cancelled): its error kind. */
  onDidFail: ((error: RunOutcome['error']) => void) | undefined;
  /** A completion finished streaming after a part of it was returned. */
  onDidFinish: ((f: FinishedCompletion) => void) | undefined;

  constructor(private readonly deps: EngineDeps, options: EngineOptions = {}) {
    this.useCache = options.cache !== false;
    this.debounce = options.debounce === false ? undefined : new AdaptiveDebounce(options.debounce ?? DEFAULT_DEBOUNCE);
  }

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  /** The request on its way, if any. */
  get inFlight(): InFlight | undefined {
    return this.current;
  }

  /**
   * The document changed: `inserted` replaced `removed` characters at `offset`. Typing the next
   * characters of the completion in flight lets it go on; any other change aborts it.
   */
  edited(uri: string, change: { offset: number; removed: number; inserted: string }): void {
    const now = this.now();
    if (change.inserted.length <= 2 && change.removed <= 2) this.debounce?.keystroke(now);
    if (this.deps.warm && this.warming.shouldWarm(now)) this.deps.warm();
    const f = this.current;
    if (!f) return;
    const expected = f.entry.offset + f.typed;
    if (f.uri === uri && change.removed === 0 && change.offset === expected && change.inserted && f.entry.text.startsWith(change.inserted, f.typed)) {
      f.typed += change.inserted.length;
      return;
    }
    this.abort();
  }

  /** The cursor moved (without an edit, or after one): elsewhere than the completion in flight expects, it is aborted. */
  cursorMoved(uri: string, offset: number): void {
    const f = this.current;
    if (f && (f.uri !== uri || offset !== f.entry.offset + f.typed)) this.abort();
  }

  /** Stops the request in flight (its socket is closed at once). */
  abort(): void {
    const f = this.current;
    if (!f) return;
    this.current = undefined;
    // The lines that arrived stay in the cache (complete lines only); an empty entry goes when the request ends.
    f.controller.abort();
  }

  dispose(): void {
    this.abort();
    this.cache.clear();
  }

  /** The completion at the cursor, or undefined (none fits, the wait was cut short, or `signal` aborted). */
  async provide(input: CompletionInput, signal: AbortSignal): Promise<CompletionResult | undefined> {
    const { prefix, suffix } = input.window;
    for (;;) {
      if (signal.aborted) return undefined;
      const hit = this.useCache ? this.cache.lookup(input.uri, input.offset, prefix, suffix) : undefined;
      if (!hit) break;
      const rest = hit.rest ? restAfterTyping(hit.rest, prefix, suffix) : undefined;
      const f = this.current?.entry === hit.entry ? this.current : undefined;
      if (rest) {
        if (f) f.shown = hit.entry.text;
        return { text: rest.text, replace: rest.replace, source: 'cache', partial: !hit.entry.done, entry: hit.entry };
      }
      if (hit.entry.done || !f) return undefined;
      // Typed up to where the answer has come: wait for its next line.
      await this.progress(f, signal);
    }

    if (this.now() < this.pausedUntil) return undefined;
    if (this.current) this.abort();
    const delay = input.explicit || !this.debounce ? 0 : this.debounce.delayMs();
    if (delay > 0) await (this.deps.sleep ?? defaultSleep)(delay, signal);
    if (signal.aborted) return undefined;
    const f = this.start(input);
    if (!f) return undefined;
    while (!f.entry.text && !f.entry.done && !signal.aborted) await this.progress(f, signal);
    if (signal.aborted || !f.entry.text) return undefined;
    f.shown = f.entry.text;
    return { text: f.entry.text, replace: f.entry.replace, source: 'network', partial: !f.entry.done, entry: f.entry };
  }

  /** Resolves at the next change of the request's text (or its end), or when `signal` aborts. */
  private progress(f: InFlight, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        f.waiters.delete(done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      f.waiters.add(done);
      signal.addEventListener('abort', done, { once: true });
      if (f.entry.done) done();
    });
  }

  private start(input: CompletionInput): InFlight | undefined {
    const model = this.deps.model();
    if (!model) return undefined;
    const { prefix, suffix, imports } = input.window;
    const mode = completionMode(prefix, suffix);
    const prompt = buildCompletionPrompt({
      model,
      languageId: input.languageId,
      path: input.path,
      prefix,
      suffix,
      mode,
      imports,
      snippets: input.snippets,
      secrets: this.deps.secrets?.(),
    });
    const entry = this.useCache ? this.cache.add(input.uri, input.offset, prefix, suffix) : new CompletionCache(1).add(input.uri, input.offset, prefix, suffix);
    const controller = new AbortController();
    const waiters = new Set<() => void>();
    const ctx: AnswerContext = { prefix, suffix, mode, hole: prompt.hole };
    const f: InFlight = { uri: input.uri, entry, mode, controller, ctx, request: prompt.request, raw: '', typed: 0, waiters };
    f.finished = this.deps
      .run(prompt.request, controller.signal, (delta) => {
        f.raw += delta;
        this.update(f, false);
      })
      .catch((): RunOutcome => ({ status: 'error' }));
    this.current = f;
    this.warming.used(this.now());
    this.onDidStart?.(f);
    void f.finished.then((outcome) => this.finish(f, outcome));
    return f;
  }

  /** Cleans what has arrived into the cache entry; stops the stream once the rest cannot be used. */
  private update(f: InFlight, final: boolean): void {
    if (f.entry.done && !final) return;
    const so = completionFrom(f.raw, f.ctx, final);
    if (so) {
      // A line already typed through stays: a later clean-up may only add to the text.
      if (so.text !== undefined && so.text.length >= f.typed) {
        f.entry.text = so.text;
        f.entry.replace = so.replace;
      }
      if (so.complete) f.entry.done = true;
      if (so.ended && !final) f.controller.abort();
    }
    if (final) f.entry.done = true;
    for (const w of [...f.waiters]) w();
  }

  private finish(f: InFlight, outcome: RunOutcome): void {
    // Stopped by an edit (not because the rest could not be used): nobody waits for the rest.
    const aborted = f.controller.signal.aborted && !f.entry.done;
    if (outcome.status !== 'cancelled' || f.entry.done) this.update(f, true);
    else f.entry.done = true;
    for (const w of [...f.waiters]) w();
    if (this.current === f) this.current = undefined;
    if (!f.entry.text) this.cache.remove(f.entry);
    if (outcome.status === 'error') {
      const kind = outcome.error?.kind ?? '';
      this.pausedUntil = this.now() + Math.max(outcome.error?.retryAfterMs ?? 0, BACKOFF_MS[kind] ?? DEFAULT_BACKOFF_MS);
      this.onDidFail?.(outcome.error);
    }
    this.onDidEnd?.(f, outcome);
    if (!aborted && f.shown !== undefined && f.entry.text) {
      this.onDidFinish?.({ entry: f.entry, uri: f.uri, cursor: f.entry.offset + f.typed, grew: f.entry.text !== f.shown });
    }
  }
}

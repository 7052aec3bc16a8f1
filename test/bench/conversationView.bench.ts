// A long conversation in the real chat bundle (dist/webview.js) in Chromium: 1,000 messages,
// about 5 MB of markdown with code. Beside each figure, the same conversation rendered all at once
// (every message through marked and innerHTML in one go, no highlighting, no sanitizer: less work
// than any full render, so a fair floor for "draw everything").
//
//   open    from the `state` message (its JSON parsed, as the webview receives it) to the frame
//           after the list shows the conversation's end, drawn in full
//   switch  the same, from one long conversation to another
//   scroll  a flick up through the conversation, one screen a frame for 300 frames, then the
//           landing (until what is in view is drawn in full): the longest main-thread task
//           (trace), the longest gap between frames, the time from the last scroll to the landing
//   heap    JS heap after a full garbage collection, after opening and after scrolling
// Targets: open and switch within 300 ms, no task over 50 ms while scrolling, heap under 150 MB.
// Run: node esbuild.mjs && node esbuild.mjs --tests && node out/test/bench/conversationView.bench.js
import type { Page } from 'playwright-core';
import type { Conversation } from '../../src/core/conversation/conversation';
import { browser, closeBrowser, openWebview, type WebviewPage } from '../webview/page';
import { state } from '../webview/fixtures';
import { makeLongConversation, textSize } from './longConversation';
import { fmt, MainThreadTrace, row, TaskClock, type TaskSummary } from './mainThread';

const MESSAGES = 1000;
const SCROLL_FRAMES = 300;

type Mode = 'ours' | 'allAtOnce';

/** Puts the state message into the page, as text (the way it arrives: parsing it is part of opening). */
async function stage(page: Page, json: string): Promise<void> {
  await page.evaluate((j) => void ((window as unknown as { __staged: string }).__staged = j), json);
}

/** Shows the staged conversation and resolves with the ms until the frame after its end is drawn. */
function show(page: Page, mode: Mode): Promise<number> {
  return page.evaluate(
    (mode) =>
      new Promise<number>((resolve) => {
        const list = document.querySelector<HTMLElement>('.message-list')!;
        const t0 = performance.now();
        const data = JSON.parse((window as unknown as { __staged: string }).__staged) as { type: 'state'; state: { conversation: { messages: { role: string; parts: { type: string; text?: string }[] }[] } } };
        if (mode === 'ours') {
          window.dispatchEvent(new MessageEvent('message', { data }));
        } else {
          const m = (window as unknown as { marked: { parse(s: string): string } }).marked;
          const html = data.state.conversation.messages
            .map((msg) => {
              const text = msg.parts.map((p) => (p.type === 'text' ? p.text : '')).join('');
              return `<article class="message ${msg.role}"><div class="message-head">${msg.role}</div><div class="markdown">${msg.role === 'user' ? text : m.parse(text)}</div></article>`;
            })
            .join('');
          list.innerHTML = html;
          list.scrollTop = list.scrollHeight;
        }
        const atEnd = () => {
          if (list.scrollTop === 0 || list.scrollHeight - list.scrollTop - list.clientHeight > 5) {
            if (mode === 'allAtOnce') list.scrollTop = list.scrollHeight;
            return false;
          }
          const articles = list.querySelectorAll('article.message');
          const last = articles[articles.length - 1];
          return !!last && !last.querySelector('.light-text') && !!last.querySelector('.markdown > *, .markdown .blocks > *');
        };
        const check = () => {
          if (atEnd()) requestAnimationFrame(() => resolve(performance.now() - t0));
          else requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      }),
    mode,
  );
}

/**
 * Scrolls up a screen a frame, then waits until the view has landed: the answers in view drawn in
 * full, and nothing in the list changed for 10 frames. The longest gap between frames over both,
 * and the ms from the last scroll to the last change (the landing).
 */
function flick(page: Page, frames: number): Promise<{ gap: number; landMs: number }> {
  return page.evaluate(
    (n) =>
      new Promise<{ gap: number; landMs: number }>((resolve) => {
        const list = document.querySelector<HTMLElement>('.message-list')!;
        let frame = 0;
        let changedAt = 0;
        let changedMs = 0;
        const changes = new MutationObserver(() => {
          changedAt = frame;
          changedMs = performance.now();
        });
        changes.observe(list, { subtree: true, childList: true, characterData: true });
        const drawnInView = () => {
          const view = list.getBoundingClientRect();
          return Array.from(list.querySelectorAll('article.message.assistant')).every((a) => {
            const r = a.getBoundingClientRect();
            const inView = r.bottom > view.top && r.top < view.bottom;
            return !inView || (!a.querySelector('.light-text') && !!a.querySelector('.markdown > *, .markdown .blocks > *'));
          });
        };
        let left = n;
        let last = performance.now();
        let gap = 0;
        let stoppedMs = 0;
        const step = (t: number) => {
          frame++;
          gap = Math.max(gap, t - last);
          last = t;
          if (!stoppedMs) {
            list.scrollTop -= list.clientHeight;
            if (--left <= 0 || list.scrollTop <= 0) stoppedMs = performance.now();
          } else if (frame - changedAt >= 10 && drawnInView()) {
            changes.disconnect();
            resolve({ gap, landMs: Math.max(0, changedMs - stoppedMs) });
            return;
          }
          requestAnimationFrame(step);
        };
        requestAnimationFrame(step);
      }),
    frames,
  );
}

interface Figures {
  openMs: number;
  openTasks: TaskSummary;
  switchMs: number;
  switchTasks: TaskSummary;
  scrollGapMs: number;
  scrollTasks: TaskSummary;
  landMs: number;
  heapOpenMb: number;
  heapScrolledMb: number;
  nodes: number;
}

async function traced<T>(p: WebviewPage, fn: () => Promise<T>): Promise<[T, TaskSummary]> {
  const trace = await MainThreadTrace.start(await browser(), p.page);
  const value = await fn();
  return [value, await trace.stop()];
}

async function measure(mode: Mode, a: Conversation, b: Conversation): Promise<Figures> {
  const p = await openWebview({ extraScripts: ['marked.umd.js'] });
  try {
    const clock = await TaskClock.open(p.page);
    await p.post({ type: 'state', state: state([]) });
    const jsonA = JSON.stringify({ type: 'state', state: state(a.messages, { conversation: a }) });
    const jsonB = JSON.stringify({ type: 'state', state: state(b.messages, { conversation: b }) });
    await stage(p.page, jsonA);
    const [openMs, openTasks] = await traced(p, () => show(p.page, mode));
    const heapOpenMb = await clock.heapMb();
    await stage(p.page, jsonB);
    const [switchMs, switchTasks] = await traced(p, () => show(p.page, mode));
    // Like the webview bench: what the page still does after the switch is not the scroll's.
    await clock.settle();
    const [{ gap: scrollGapMs, landMs }, scrollTasks] = await traced(p, () => flick(p.page, SCROLL_FRAMES));
    const heapScrolledMb = await clock.heapMb();
    const nodes = await p.page.evaluate(() => document.getElementsByTagName('*').length);
    return { openMs, openTasks, switchMs, switchTasks, scrollGapMs, scrollTasks, landMs, heapOpenMb, heapScrolledMb, nodes };
  } finally {
    await p.close();
  }
}

export async function run(): Promise<void> {
  const a = makeLongConversation('c-a', MESSAGES);
  const b = makeLongConversation('c-b', MESSAGES);
  try {
    const ours = await measure('ours', a, b);
    const all = await measure('allAtOnce', a, b);
    console.log(`\nlong conversation in the webview: ${a.messages.length} messages, ${(textSize(a) / 1e6).toFixed(1)} MB of markdown (Chromium, real bundle)`);
    row('', 'ours', 'all at once');
    row('open: to its end drawn, ms', fmt.ms(ours.openMs), fmt.ms(all.openMs));
    row('  longest task, ms of CPU (wall)', fmt.task(ours.openTasks.longestCpu), fmt.task(all.openTasks.longestCpu));
    row('switch to another: to its end drawn, ms', fmt.ms(ours.switchMs), fmt.ms(all.switchMs));
    row('  longest task, ms of CPU (wall)', fmt.task(ours.switchTasks.longestCpu), fmt.task(all.switchTasks.longestCpu));
    row(`scroll up a screen a frame (${SCROLL_FRAMES} frames), then land:`);
    row('  longest task, ms of CPU (wall)', fmt.task(ours.scrollTasks.longestCpu), fmt.task(all.scrollTasks.longestCpu));
    row('  tasks over 50 ms of CPU', String(ours.scrollTasks.over50), String(all.scrollTasks.over50));
    row('  longest gap between frames', fmt.ms(ours.scrollGapMs), fmt.ms(all.scrollGapMs));
    row('  last scroll to the answers near the view drawn', fmt.ms(ours.landMs), fmt.ms(all.landMs));
    row('JS heap after opening, MB', ours.heapOpenMb.toFixed(1), all.heapOpenMb.toFixed(1));
    row('JS heap after scrolling, MB', ours.heapScrolledMb.toFixed(1), all.heapScrolledMb.toFixed(1));
    row('DOM elements after scrolling', String(ours.nodes), String(all.nodes));
    console.log(`  open ${fmt.ms(ours.openMs)}, switch ${fmt.ms(ours.switchMs)} (target <= 300 ms each); heap ${Math.max(ours.heapOpenMb, ours.heapScrolledMb).toFixed(0)} MB (target < 150 MB); longest task while scrolling ${ours.scrollTasks.longestCpu.cpu.toFixed(1)} ms of CPU, landing included (target <= 50 ms)`);
  } finally {
    await closeBrowser();
  }
}

if (require.main === module) {
  run().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}

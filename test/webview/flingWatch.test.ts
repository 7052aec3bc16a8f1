// The real bundle in Chromium: a fast scroll through a long conversation leaves the answers it
// flies past light (plain text) and draws in full those near where it stops; a reading speed
// scroll draws answers in full as they come near, without waiting for the scroll to stop.
import * as assert from 'node:assert/strict';
import { answer, question, state } from './fixtures';
import { useWebviewPage } from './page';

const ANSWERS = 60;

/** Questions and answers; each answer a few screens of markdown (the view is 800 px high). */
function longChat() {
  const body = Array.from({ length: 30 }, (_, i) => `Paragraph ${i}: the step checks its input, then **scales** it.\nA second line of it.`).join('\n\n');
  return Array.from({ length: ANSWERS }, (_, i) => [question(`u${i}`, `Question ${i}`), answer(`a${i}`, `## Answer ${i}\n\n${body}\n\n\`\`\`ts\nconst step${i} = ${i};\n\`\`\``)]).flat();
}

interface Scrolled {
  /** Answers drawn in full (their plain text replaced) while the scroll went on. */
  madeFull: string[];
  /** Answers the view passed over (scrolled into and out of view). */
  passed: number;
}

describe('webview: fast scrolls draw light, landing draws in full (Chromium)', function () {
  this.timeout(60_000);
  const page = useWebviewPage();

  /** Scrolls `step` screens a frame (negative: up) for `frames` frames or to the edge. */
  async function scroll(step: number, frames: number): Promise<Scrolled> {
    return page().page.evaluate(
      ([step, frames]) =>
        new Promise<Scrolled>((resolve) => {
          const list = document.querySelector<HTMLElement>('.message-list')!;
          const madeFull = new Set<string>();
          const seen = new Set<string>();
          const changes = new MutationObserver((records) => {
            for (const r of records) {
              if (Array.from(r.removedNodes).some((n) => n instanceof HTMLElement && n.classList.contains('light-text'))) madeFull.add((r.target as HTMLElement).dataset.id ?? '?');
            }
          });
          changes.observe(list, { subtree: true, childList: true });
          const inView = () => {
            const box = list.getBoundingClientRect();
            for (const a of list.querySelectorAll<HTMLElement>('article.assistant')) {
              const r = a.getBoundingClientRect();
              if (r.bottom > box.top && r.top < box.bottom) seen.add(a.dataset.id!);
            }
          };
          let left = frames;
          const frame = () => {
            inView();
            const before = list.scrollTop;
            list.scrollTop += step * list.clientHeight;
            if (--left > 0 && list.scrollTop !== before) return requestAnimationFrame(frame);
            // What the observer has not delivered yet happened during the scroll too.
            for (const r of changes.takeRecords()) if (Array.from(r.removedNodes).some((n) => n instanceof HTMLElement && n.classList.contains('light-text'))) madeFull.add((r.target as HTMLElement).dataset.id ?? '?');
            changes.disconnect();
            resolve({ madeFull: [...madeFull], passed: seen.size });
          };
          requestAnimationFrame(frame);
        }),
      [step, frames] as const,
    );
  }

  async function isFull(id: string): Promise<boolean> {
    return page().page.evaluate((id) => {
      const a = document.querySelector(`article[data-id="${id}"]`);
      return !!a && !a.querySelector('.light-text') && !!a.querySelector('.markdown .blocks > *');
    }, id);
  }

  it('a flick to the top leaves the answers it passes light, then draws those where it stops', async () => {
    const p = page();
    await p.post({ type: 'state', state: state(longChat()) });
    const last = `a${ANSWERS - 1}`;
    await p.page.waitForFunction((id) => {
      const a = document.querySelector(`article[data-id="${id}"]`);
      return !!a?.querySelector('.markdown .blocks > *');
    }, last, { polling: 'raf', timeout: 10_000 });
    assert.equal(await isFull('a0'), false, 'the first answer opens light');
    const flick = await scroll(-1, 1000);
    assert.ok(flick.passed > ANSWERS / 2, `the flick passed ${flick.passed} answers`);
    // The first frame or two may still count as reading: never the answers passed after that.
    assert.ok(flick.madeFull.length <= 3, `drawn in full during the flick: ${flick.madeFull.join(', ')}`);
    assert.equal(await p.page.evaluate(() => document.querySelector('.message-list')!.scrollTop), 0);
    await p.page.waitForFunction(() => {
      const a = document.querySelector('article[data-id="a0"]');
      return !!a && !a.querySelector('.light-text') && !!a.querySelector('.markdown .blocks > *');
    }, undefined, { polling: 'raf', timeout: 10_000 });
    assert.match((await p.page.locator('article[data-id="a0"] .markdown h2').textContent()) ?? '', /Answer 0/);
  });

  it('a scroll at reading speed draws answers in full while it goes on', async () => {
    const p = page();
    await p.post({ type: 'state', state: state(longChat()) });
    await p.page.waitForFunction(() => document.querySelector('.message-list')!.scrollTop > 0, undefined, { polling: 'raf', timeout: 10_000 });
    // Above the answers that open in full.
    await p.page.evaluate(() => {
      const list = document.querySelector('.message-list')!;
      list.scrollTop = list.scrollHeight / 2;
    });
    const slow = await scroll(-0.2, 100);
    assert.ok(slow.passed >= 3, `the scroll passed ${slow.passed} answers`);
    assert.ok(slow.madeFull.length >= 2, `drawn in full during the scroll: ${slow.madeFull.join(', ')}`);
  });
});

// What a generation costs is said before anything is sent, in the real extension host against
// the simulator: the confirm step shows the price of a video for its duration and model (Kling's
// std and pro modes are priced apart), of an image batch for its count, says "price unknown"
// (never $0) when the catalogue lists none, and nothing reaches the gateway unless confirmed and
// allowed by the budget. The gateway's own charge is what is recorded.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { MediaFeature } from '../../../src/media/mediaFeature';
import type { SpendQuestion } from '../../../src/media/mediaPrices';
import type { BudgetService } from '../../../src/platform/budgetService';
import type { BudgetAnswer } from '../../../src/platform/budgetPrompts';
import { Settings } from '../../../src/platform/ids';
import { spendAgainst } from '../../../src/core/usage/budget';
import { closeAllEditors, setUserSetting, usageSince, useSimulator } from '../helpers';

const PNG_B64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

describe('media: the price before anything is sent', function () {
  this.timeout(60_000);
  const s = useSimulator();
  let media: MediaFeature;
  let previous: ReturnType<MediaFeature['setConfirm']>;
  /** What the confirm step showed, and how many generation requests had reached the simulator then. */
  let shown: { question: SpendQuestion; sentBefore: number }[] = [];
  let answer = false;

  const generations = () => s.sim.requests.filter((r) => r.method === 'POST' && /\/(videos|images)\/generations$/.test(r.path)).length;

  before(async () => {
    media = s.api.media;
    media.setPolling({ initialMs: 10, factor: 1.5, maxMs: 40 });
    await s.api.services.models.refresh(true);
    previous = media.setConfirm(async (question) => {
      shown.push({ question, sentBefore: generations() });
      return answer;
    });
  });
  after(() => media.setConfirm(previous));
  beforeEach(() => {
    shown = [];
    answer = false;
  });
  afterEach(async () => {
    await closeAllEditors();
  });

  it('the video confirm step shows the price for the duration and mode before any request; declined, nothing is sent', async () => {
    const before = generations();
    const uris = await media.generateVideo({ prompt: 'A kite over the dunes', model: 'kwaivgi/kling-v2.6-pro', duration: 10, resolution: '1080p', confirm: true, open: false });
    assert.deepEqual(uris, []);
    assert.equal(shown.length, 1);
    const [{ question, sentBefore }] = shown;
    assert.equal(sentBefore, before, 'no request had reached the simulator when the price was shown');
    assert.equal(question.message, 'Generate a 10-second 1080p video with Kling 2.6 (pro)?');
    assert.equal(question.detail, 'Price: $2.24 (10 s × $0.224 per second).');
    assert.equal(question.price, 2.24);
    assert.equal(generations(), before, 'declined: nothing was sent');

    // The std mode of the same model costs less; the same five seconds of Seedance cost $1.00.
    await media.generateVideo({ prompt: 'A kite over the dunes', model: 'kwaivgi/kling-v2.6-std', duration: 10, confirm: true, open: false });
    assert.equal(shown[1]?.question.detail, 'Price: $1.68 (10 s × $0.168 per second).');
    await media.generateVideo({ prompt: 'A kite over the dunes', model: 'bytedance/doubao-seedance-2.0', duration: 5, confirm: true, open: false });
    assert.equal(shown[2]?.question.detail, 'Price: $1.00 (5 s × $0.20 per second).');
    assert.equal(generations(), before);
  });

  it('confirmed, the video is made; /video in the chat asks too, with the price of its 5 seconds', async () => {
    answer = true;
    const before = generations();
    const uris = await media.generateVideo({ prompt: 'Confirmed', model: 'bytedance/doubao-seedance-2.0-fast', duration: 5, confirm: true, open: false });
    assert.equal(uris.length, 1);
    assert.equal(shown[0]?.question.detail, 'Price: $0.50 (5 s × $0.10 per second).');
    assert.equal(shown[0]?.sentBefore, before);
    assert.equal(generations(), before + 1);
    await vscode.workspace.fs.delete(uris[0]!);

    answer = false;
    const { markdown } = await media.videoSlashCommand.run('a lighthouse at night', () => undefined, new vscode.CancellationTokenSource().token);
    assert.equal(markdown, 'Not generated.');
    assert.match(shown[1]?.question.message ?? '', /^Generate a 5-second video with /);
    assert.match(shown[1]?.question.detail ?? '', /^Price: \$[\d.]+ \(5 s × \$[\d.]+ per second\)\.$/);
    assert.equal(generations(), before + 1, '/video declined: nothing sent');
  });

  it('an image batch shows the price of the batch; a model without a listed price says "price unknown", never $0', async () => {
    const before = generations();
    await media.generateImage({ prompt: 'Three foxes', model: 'bytedance/doubao-seedream-5.0', n: 3, confirm: true, open: false });
    assert.equal(shown[0]?.question.message, 'Generate 3 images with Seedream 5.0?');
    assert.equal(shown[0]?.question.detail, 'Price: $0.105 (3 × $0.035 per image).');
    await media.generateImage({ prompt: 'Unknown price', model: 'acme/painter-1', n: 2, confirm: true, open: false });
    await media.generateVideo({ prompt: 'Unknown price', model: 'acme/film-1', duration: 5, confirm: true, open: false });
    for (const { question } of shown.slice(1)) {
      assert.match(question.detail, /^Price unknown: /);
      assert.doesNotMatch(`${question.message} ${question.detail}`, /\$0(\.0+)?\b/, 'never $0');
      assert.equal(question.price, undefined);
    }
    assert.equal(generations(), before);
  });

  it('the gateway’s own charge is what is recorded, not the price list’s', async () => {
    s.sim.enqueue({ match: { path: '/images/generations' }, status: 200, body: { created: 1, data: [{ b64_json: PNG_B64 }], cost: 0.0123 } });
    const before = s.api.services.usage.total.requests;
    const uris = await media.generateImage({ prompt: 'Charged by the gateway', model: 'bytedance/doubao-seedream-5.0', responseFormat: 'b64_json', open: false });
    assert.equal(uris.length, 1);
    const [rec] = usageSince(s.api.services.usage, before);
    assert.equal(rec?.source, 'media');
    assert.equal(rec?.cost, 0.0123, 'the gateway said $0.0123; the price list says $0.035');
    assert.equal(media.generations.find((g) => g.prompt === 'Charged by the gateway')?.cost, 0.0123);
    await vscode.workspace.fs.delete(uris[0]!);
  });

  it('at the budget, a generation whose price would go past it asks first, with that price', async () => {
    const budget: BudgetService = s.api.services.budget;
    const asked: { price?: number; source: string }[] = [];
    const saved = budget.prompts;
    budget.prompts = { warn: () => undefined, ask: async (_s, r) => (asked.push(r), 'stop' as BudgetAnswer), newLimit: async () => undefined };
    const day = spendAgainst({ day: 1e9 }, s.api.services.usage.days, Date.now())[0]!.spent;
    // Under 80% of the budget spent, so nothing asks yet; a video of more seconds than what is left pays for would go past it.
    const limit = Math.round((day / 0.8 + 0.5) * 1e6) / 1e6;
    const seconds = Math.floor((limit - day) / 0.2) + 1;
    assert.ok(seconds <= 60, `today's spend in this host (${day}) leaves room for a video of at most 60 s`);
    const restore = await setUserSetting(`${Settings.section}.${Settings.budgetDaily}`, limit);
    try {
      answer = true;
      const before = generations();
      assert.deepEqual(await media.generateVideo({ prompt: 'Too dear', model: 'bytedance/doubao-seedance-2.0', duration: seconds, confirm: true, open: false }), []);
      assert.equal(asked.length, 1);
      assert.equal(asked[0]!.source, 'media');
      assert.ok(Math.abs(asked[0]!.price! - seconds * 0.2) < 1e-9, 'asked with the video\'s price');
      assert.equal(generations(), before, 'not sent');
      // A $0.035 image fits: no question.
      const uris = await media.generateImage({ prompt: 'Cheap enough', model: 'bytedance/doubao-seedream-5.0', n: 1, open: false });
      assert.equal(uris.length, 1);
      assert.equal(asked.length, 1);
      await vscode.workspace.fs.delete(uris[0]!);
    } finally {
      budget.prompts = saved;
      await restore();
    }
  });
});

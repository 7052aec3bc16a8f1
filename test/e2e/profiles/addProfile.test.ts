// End to end: a person adds a second gateway through "TokenHub: Add Gateway Profile" (kind, base
// URL, name, key), sees both gateways in the Models view, picks a model of the new one in the
// status bar, and the two simulators show each key only at its own host.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { until } from '../../host/waitFor';
import { Simulator, keyFingerprint } from '../../simulator/server';
import { SCREENSHOT_DIR, launchWorkbench, type Workbench } from '../workbench';

const KEY_A = 'th-e2e-profile-a-000000000001';
const KEY_B = 'sk-e2e-profile-b-000000000002';

describe('profiles: adding a second gateway (real workbench)', function () {
  this.timeout(240_000);
  let wb: Workbench;
  let simB: Simulator;

  before(async function () {
    this.timeout(180_000);
    simB = await Simulator.start({ apiKey: KEY_B });
    simB.models = [
      { id: 'gpt-5.4-mini', ownedBy: 'openai', providerName: 'OpenAI', name: 'GPT-5.4 mini', kind: 'chat', contextLength: 400_000, inputPrice: 0.6, outputPrice: 4.5 },
      { id: 'claude-opus-4-6', ownedBy: 'anthropic', providerName: 'Anthropic', name: 'Claude Opus 4.6', kind: 'chat', contextLength: 200_000, inputPrice: 5.5, outputPrice: 27 },
      { id: 'gemini-2.5-pro', ownedBy: 'google', providerName: 'Google', name: 'Gemini 2.5 Pro', kind: 'chat', contextLength: 1_048_576 },
    ];
    wb = await launchWorkbench({ simulator: true, simulatorKey: KEY_A, env: { TOKENHUB_API_KEY: KEY_A }, settings: { 'tokenhub.chatModel': 'anthropic/claude-sonnet-4-6' } });
  });

  after(async () => {
    await wb?.close();
    await simB?.close();
  });

  const input = () => wb.page.locator('.quick-input-widget .quick-input-box input');
  const row = (text: string) => wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: text }).first();
  const treeRow = (label: string) => wb.page.locator(`.part.sidebar .monaco-list-row[aria-label^="${label}"]`).first();

  /** The TokenHub side bar with the Models view open and the chat folded away, so the tree has room. */
  async function openModelsView(): Promise<void> {
    await wb.openTokenHubView();
    const header = wb.page.locator('.part.sidebar .pane-header[aria-label^="Models"]').first();
    await header.waitFor({ state: 'visible', timeout: 30_000 });
    if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
    const chat = wb.page.locator('.part.sidebar .pane-header[aria-label^="Chat"]').first();
    if ((await chat.getAttribute('aria-expanded')) === 'true') await chat.click();
  }

  async function setExpanded(rowLocator: ReturnType<typeof treeRow>, expanded: boolean): Promise<void> {
    if (((await rowLocator.getAttribute('aria-expanded')) === 'true') !== expanded) await rowLocator.click();
    await until(async () => ((await rowLocator.getAttribute('aria-expanded')) === 'true') === expanded, 5000, 'the row to fold or unfold');
  }

  it('adds a gateway: kind, base URL, name and key, checked against that gateway', async () => {
    await openModelsView();
    await until(async () => (await wb.page.locator('[id$="tokenhub.modelStatus"]').first().innerText().catch(() => '')).includes('Claude Sonnet 4.6'), 60_000, 'the extension to start');
    await wb.runCommand('TokenHub: Add Gateway Profile');
    await row('Other OpenAI-compatible gateway').waitFor({ state: 'visible', timeout: 15_000 });
    await wb.screenshot('profiles-01-add-kind');
    await input().fill('Other OpenAI');
    await row('Other OpenAI-compatible gateway').click();

    await until(async () => (await wb.page.locator('.quick-input-widget').innerText()).includes('Base URL'), 10_000, 'the base URL input');
    await input().fill(simB.baseUrl);
    await input().press('Enter');
    await until(async () => (await wb.page.locator('.quick-input-widget').innerText()).includes('Profile Name'), 10_000, 'the name input');
    await input().fill('Gateway B');
    await input().press('Enter');
    const password = wb.page.locator('.quick-input-widget input[type="password"]');
    await password.waitFor({ state: 'visible', timeout: 10_000 });
    await password.fill(KEY_B);
    await wb.screenshot('profiles-02-add-key');
    await password.press('Enter');
    await wb.page.locator('.notifications-toasts .notification-toast', { hasText: 'Gateway B is saved: 3 models' }).first().waitFor({ state: 'visible', timeout: 30_000 });
    assert.ok(simB.requests.some((r) => r.method === 'GET' && r.path.endsWith('/models') && r.keyFingerprint === keyFingerprint(KEY_B)), 'checked with its own key');
  });

  it('shows both gateways in the Models view, each with its models and prices', async () => {
    await openModelsView();
    const a = treeRow('TokenHub,');
    await a.waitFor({ state: 'visible', timeout: 30_000 });
    // The default profile holds the current model, so it opens by itself: fold it to see the other.
    await setExpanded(a, false);
    const b = treeRow('Gateway B,');
    await b.waitFor({ state: 'visible', timeout: 30_000 });
    await until(async () => (await b.getAttribute('aria-label'))?.includes('3 models') ?? false, 30_000, 'Gateway B\'s models counted');
    await setExpanded(b, true);
    const openai = wb.page.locator('.part.sidebar .monaco-list-row[aria-label^="OpenAI"]').last();
    await openai.waitFor({ state: 'visible', timeout: 10_000 });
    await setExpanded(openai, true);
    await treeRow('GPT-5.4 mini').waitFor({ state: 'visible', timeout: 10_000 });
    const anthropic = wb.page.locator('.part.sidebar .monaco-list-row[aria-label^="Anthropic"]').last();
    await setExpanded(anthropic, true);
    assert.match((await treeRow('GPT-5.4 mini').getAttribute('aria-label')) ?? '', /\$0\.6 \/ \$4\.5 per M/, 'its own prices, from its list');
    const google = wb.page.locator('.part.sidebar .monaco-list-row[aria-label^="Google"]').last();
    await setExpanded(google, true);
    assert.match((await treeRow('Gemini 2.5 Pro').getAttribute('aria-label')) ?? '', /price unknown/, 'no price listed: unknown, not $0');
    // A wider side bar, so the rows' prices show whole in the picture.
    const bar = await wb.page.locator('.part.sidebar').boundingBox();
    if (bar) {
      const edge = bar.x + bar.width + 1;
      await wb.page.mouse.move(edge, bar.y + 300);
      await wb.page.mouse.down();
      await wb.page.mouse.move(edge + 260, bar.y + 300, { steps: 8 });
      await wb.page.mouse.up();
    }
    await treeRow('Claude Opus 4.6').waitFor({ state: 'visible', timeout: 10_000 }).catch(() => undefined);
    await wb.page.mouse.move(1000, 700);
    await wb.screenshot('profiles-03-models-view');
    // The side bar alone, for the user's guide.
    const side = await wb.page.locator('.part.sidebar').boundingBox();
    if (side) await wb.page.screenshot({ path: path.join(SCREENSHOT_DIR, 'profiles-models-view-sidebar.png'), clip: { x: 0, y: 0, width: side.x + side.width, height: 320 } });
  });

  it('picks a model of the new gateway in the status bar; each key stayed at its own host', async () => {
    const item = wb.page.locator('[id$="tokenhub.modelStatus"]').first();
    await item.click();
    await input().waitFor({ state: 'visible', timeout: 10_000 });
    await input().fill('GPT-5.4 mini');
    // Both gateways list it: the row that says Gateway B.
    const onB = wb.page.locator('.quick-input-widget .monaco-list-row').filter({ hasText: 'GPT-5.4 mini' }).filter({ hasText: 'Gateway B' }).first();
    await onB.waitFor({ state: 'visible', timeout: 10_000 });
    await wb.screenshot('profiles-04-picker');
    await onB.click();
    await until(async () => (await item.innerText()).includes('Gateway B'), 15_000, 'the profile in the status bar');
    await wb.screenshot('profiles-05-status-bar');

    const simA = wb.simulator!;
    const fingerprints = (sim: Simulator) => new Set(sim.requests.map((r) => r.keyFingerprint).filter(Boolean));
    assert.deepEqual([...fingerprints(simA)], [keyFingerprint(KEY_A)], 'the default gateway saw only its key');
    assert.deepEqual([...fingerprints(simB)], [keyFingerprint(KEY_B)], 'the new gateway saw only its key');
  });
});

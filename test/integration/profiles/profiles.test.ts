// Gateway profiles in the real extension host, against several simulators at once: the upgrade
// from one base URL and one key (nothing asked, nothing lost), two gateways with two keys side by
// side (each key only ever at its own host, whatever is switched, edited or redirected), a local
// server that needs no key and costs nothing, a workspace's profile that waits for approval, and
// export and import without keys.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AddProfileResult, TestProfileResult } from '../../../src/auth/profileCommands';
import type { Conversation } from '../../../src/core/conversation/conversation';
import { textOf } from '../../../src/core/conversation/parts';
import { DEFAULT_PROFILE_ID } from '../../../src/core/profiles/modelRef';
import { workspaceProfileId } from '../../../src/core/profiles/profiles';
import type { TokenHubExtensionApi } from '../../../src/extension';
import { decodeStoredKey } from '../../../src/core/profiles/storedKey';
import { secretNames } from '../../../src/platform/apiKeyStore';
import { Commands, Settings, StorageKeys } from '../../../src/platform/ids';
import type { ProfileNode } from '../../../src/models/modelsTree';
import { TokenHubLanguageModelProvider } from '../../../src/nativeChat/languageModelProvider';
import type { LanguageModelChatInformation } from '../../../src/nativeChat/lmApi';
import type { PeriodNode } from '../../../src/usage/usageTree';
import { TEST_CA_CERT, TEST_SIGNED_CERT, TEST_SIGNED_KEY } from '../../fakes/tlsCert';
import { Simulator, keyFingerprint } from '../../simulator/server';
import { getApi, lastAnswer, setUserSetting, usageSince, waitFor } from '../helpers';

const KEY_A = 'th-profile-a-key-0000000001';
const KEY_B = 'sk-profile-b-key-0000000002';
const MODEL = 'anthropic/claude-sonnet-4-6';
const full = (key: string) => `${Settings.section}.${key}`;

describe('gateway profiles: several gateways side by side', function () {
  this.timeout(90_000);
  let api: TokenHubExtensionApi;
  let simA: Simulator;
  let simB: Simulator;
  let local: Simulator;
  const restores: (() => Promise<unknown>)[] = [];
  let previousDefaultKey: string | undefined;
  let previousDefaultOrigin: string | undefined;
  let profileB = '';

  const services = () => api.services;
  const secrets = () => api.services.context.secrets;

  /** Sends `text` in a new conversation of `model` (a reference string) and returns it once answered. */
  async function converse(model: string, text: string): Promise<Conversation> {
    await api.chat.send({ text, model, newConversation: true });
    return api.chat.session.conversation;
  }

  /** Every key fingerprint a simulator saw. */
  const seen = (sim: Simulator) => new Set(sim.requests.map((r) => r.keyFingerprint).filter(Boolean));

  before(async function () {
    this.timeout(60_000);
    api = await getApi();
    simA = await Simulator.start({ apiKey: KEY_A });
    simB = await Simulator.start({ apiKey: KEY_B });
    // Gateway B lists bare ids without prices, as many OpenAI-compatible servers do.
    simB.models = [
      { id: 'gpt-5', ownedBy: 'openai', providerName: 'OpenAI', name: 'gpt-5', kind: 'chat' },
      { id: MODEL, ownedBy: 'anthropic', providerName: 'Anthropic', name: 'Claude Sonnet 4.6 (B)', kind: 'chat' },
    ];
    local = await Simulator.start({ requireKey: false });
    local.models = [{ id: 'llama3:8b', ownedBy: 'library', providerName: 'Meta', name: 'llama3:8b', kind: 'chat' }];
    for (const key of [Settings.baseUrl, Settings.profiles, Settings.chatModel, Settings.codeModel, Settings.caCertificates]) {
      const previous = vscode.workspace.getConfiguration(Settings.section).inspect(key)?.globalValue;
      restores.push(() => Promise.resolve(vscode.workspace.getConfiguration(Settings.section).update(key, previous, vscode.ConfigurationTarget.Global)));
    }
    previousDefaultKey = await secrets().get(StorageKeys.apiKeySecret);
    previousDefaultOrigin = await secrets().get(secretNames(DEFAULT_PROFILE_ID).origin);
    await setUserSetting(full(Settings.profiles), []);
  });

  after(async () => {
    for (const id of services().profiles.all.map((p) => p.id)) if (id !== DEFAULT_PROFILE_ID) await services().keys.clear(id);
    for (const r of restores.reverse()) await r();
    const names = secretNames(DEFAULT_PROFILE_ID);
    if (previousDefaultKey) await secrets().store(names.key, previousDefaultKey);
    else await secrets().delete(names.key);
    if (previousDefaultOrigin) await secrets().store(names.origin, previousDefaultOrigin);
    else await secrets().delete(names.origin);
    await Promise.all([simA.close(), simB.close(), local.close()]);
  });

  it('upgrades from one base URL and one key without asking anything: the key stays, bound to its host', async () => {
    // What a build without profiles left behind: the base URL in settings, the key alone in SecretStorage.
    await setUserSetting(full(Settings.baseUrl), simA.baseUrl);
    await secrets().delete(secretNames(DEFAULT_PROFILE_ID).origin);
    await secrets().store(StorageKeys.apiKeySecret, KEY_A);
    await waitFor(() => services().profiles.default.baseUrl === simA.baseUrl, 5000, 'the default profile at the old base URL');
    assert.deepEqual(
      services().profiles.all.map((p) => [p.id, p.baseUrl]),
      [[DEFAULT_PROFILE_ID, simA.baseUrl]],
      'one profile: TokenHub at the old base URL',
    );
    assert.equal(await waitFor(() => services().keys.get(), 5000, 'the old key'), KEY_A);
    await waitFor(async () => (await secrets().get(secretNames(DEFAULT_PROFILE_ID).origin)) === simA.origin, 5000, 'the key bound to its host');

    // A conversation stored before profiles (a model id, no profile) goes to the default profile.
    simA.reset();
    const old: Conversation = { id: 'c-before-profiles', title: 'Old', model: MODEL, createdAt: 1, updatedAt: 1, messages: [] };
    await api.chat.session.open(old);
    await api.chat.session.send('From before profiles');
    assert.equal(lastAnswer(api.chat.session.conversation).state, 'done', textOf(lastAnswer(api.chat.session.conversation)));
    assert.equal(api.chat.session.conversation.profile, undefined);
    assert.ok(simA.requests.some((r) => r.path.endsWith('/chat/completions')));
    assert.deepEqual([...seen(simA)], [keyFingerprint(KEY_A)]);
  });

  it('adds a second gateway with its own key, checked against its host', async () => {
    const result = (await vscode.commands.executeCommand(Commands.addProfile, { name: 'Gateway B', baseUrl: simB.baseUrl, key: KEY_B })) as AddProfileResult;
    assert.equal(result.outcome, 'added', result.problem);
    assert.equal(result.modelCount, 2);
    profileB = result.profile!.id;
    assert.equal(profileB, 'gateway-b');
    await waitFor(() => services().profiles.get(profileB)?.baseUrl === simB.baseUrl, 5000, 'the profile in user settings');
    assert.deepEqual(vscode.workspace.getConfiguration(Settings.section).inspect(Settings.profiles)?.globalValue, [{ id: 'gateway-b', name: 'Gateway B', baseUrl: simB.baseUrl }]);
    assert.equal(JSON.stringify(vscode.workspace.getConfiguration(Settings.section).inspect(Settings.profiles)?.globalValue).includes(KEY_B), false, 'no key in settings');
    assert.deepEqual(decodeStoredKey(await secrets().get(`${StorageKeys.apiKeySecret}/gateway-b`)), { key: KEY_B, origin: simB.origin }, 'the key in SecretStorage under its own name, bound to its host');
    await waitFor(() => services().models.modelsOf(profileB).length === 2, 10_000, 'gateway B\'s list');
    // Not a known gateway: only what it lists, no built-in data, prices unknown.
    assert.deepEqual(services().models.modelsOf(profileB).map((m) => [m.id, m.inputPrice, m.source]), [
      ['gpt-5', undefined, 'live'],
      [MODEL, undefined, 'live'],
    ]);
  });

  it('a conversation on each gateway: each key only ever reaches its own host', async () => {
    simA.reset();
    simB.reset();
    const before = services().usage.total.requests;
    const a = await converse(MODEL, 'Hello A');
    assert.equal(lastAnswer(a).state, 'done', textOf(lastAnswer(a)));
    const b = await converse(`${profileB}|${MODEL}`, 'Hello B');
    assert.equal(lastAnswer(b).state, 'done', textOf(lastAnswer(b)));
    assert.equal(b.profile, profileB, 'the conversation remembers its profile');
    assert.equal(lastAnswer(b).profile, profileB);
    // Switching back and forth in one conversation: picking a chat model anywhere picks it for the open conversation.
    await services().models.setCurrent('chat', `${profileB}|gpt-5`);
    await api.chat.session.send('B again');
    assert.equal(api.chat.session.conversation.profile, profileB);
    await services().models.setCurrent('chat', MODEL);
    await api.chat.session.send('Back on A');
    assert.equal(api.chat.session.conversation.profile, undefined, 'the default profile is stored as none');

    const chatsA = simA.requests.filter((r) => r.path.endsWith('/chat/completions'));
    const chatsB = simB.requests.filter((r) => r.path.endsWith('/chat/completions'));
    assert.equal(chatsA.length, 2, 'two answers from A');
    assert.equal(chatsB.length, 2, 'two answers from B');
    assert.deepEqual([...seen(simA)], [keyFingerprint(KEY_A)], 'A saw only its key');
    assert.deepEqual([...seen(simB)], [keyFingerprint(KEY_B)], 'B saw only its key');

    const records = usageSince(services().usage, before);
    assert.deepEqual(records.map((r) => r.profile ?? DEFAULT_PROFILE_ID), [DEFAULT_PROFILE_ID, profileB, profileB, DEFAULT_PROFILE_ID]);
    assert.equal(records[1]!.cost, undefined, 'B lists no prices: the cost is unknown, not $0');
    assert.ok(records[0]!.cost! > 0, 'A is priced');
  });

  it('shows both profiles: the Models view groups by profile, the status bar names it, the Usage view splits by it', async () => {
    await services().models.setCurrent('chat', `${profileB}|gpt-5`);
    const profileNodes = api.models.tree.profileNodes();
    assert.deepEqual(profileNodes.map((n) => n.profile.name), ['TokenHub', 'Gateway B']);
    const groupsB = api.models.tree.getChildren(profileNodes[1]);
    assert.deepEqual(groupsB.map((g) => (g.type === 'group' ? g.label : '')), ['OpenAI', 'Anthropic']);
    assert.match(String(api.models.tree.getTreeItem(profileNodes[1] as ProfileNode).description), /2 models/);
    await waitFor(() => api.models.statusBar.text.includes('Gateway B'), 5000, 'the profile in the status bar');
    // B names its models by id only, so the name is made from the id.
    assert.match(api.models.statusBar.text, /Gpt 5 · Gateway B/);
    // A name is shown as written, also one that VS Code would draw as an icon.
    await setUserSetting(full(Settings.profiles), [{ id: 'gateway-b', name: 'Gateway $(zap) B', baseUrl: simB.baseUrl }]);
    try {
      await waitFor(() => api.models.statusBar.text.includes('(zap)'), 5000, 'the new name in the status bar');
      assert.match(api.models.statusBar.text, /Gpt 5 · Gateway \\\$\(zap\) B/);
    } finally {
      await setUserSetting(full(Settings.profiles), [{ id: 'gateway-b', name: 'Gateway B', baseUrl: simB.baseUrl }]);
      await waitFor(() => api.models.statusBar.text.includes('Gateway B'), 5000, 'the name back');
    }

    const today = (api.usage.tree.getChildren() as PeriodNode[]).find((p) => p.period.id === 'today')!;
    const split = api.usage.tree.getChildren(today);
    assert.ok(split.every((n) => n.type === 'profile'), 'today is split by profile');
    assert.ok(split.some((n) => n.type === 'profile' && n.usage.profile === profileB));
  });

  it('a code command and VS Code\'s chat keep the profile with the model', async () => {
    simB.reset();
    const doc = await vscode.workspace.openTextDocument({ content: 'const answer = 42;\n', language: 'javascript' });
    const editor = await vscode.window.showTextDocument(doc);
    try {
      editor.selection = new vscode.Selection(0, 0, 0, 18);
      await vscode.commands.executeCommand(Commands.explainSelection, { model: `${profileB}|gpt-5` });
      assert.equal(simB.requests.filter((r) => r.path.endsWith('/chat/completions')).length, 1, 'Explain asked gateway B');
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }

    const provider = new TokenHubLanguageModelProvider(services());
    try {
      const info = await provider.provideLanguageModelChatInformation({ silent: true }, new vscode.CancellationTokenSource().token);
      const ids = info.map((m) => m.id);
      assert.equal(new Set(ids).size, ids.length, 'ids are unique across profiles');
      const onB = info.find((m) => m.id === `${profileB}|${MODEL}`) as LanguageModelChatInformation;
      assert.ok(onB, ids.join(', '));
      assert.ok(ids.includes(MODEL), 'the default profile\'s ids are as before');
      simB.reset();
      const parts: unknown[] = [];
      await provider.provideLanguageModelChatResponse(
        onB,
        [vscode.LanguageModelChatMessage.User('hi')] as never,
        { tools: [], toolMode: 1, modelOptions: {} } as never,
        { report: (p: unknown) => parts.push(p) },
        new vscode.CancellationTokenSource().token,
      );
      assert.ok(parts.length > 0);
      const sent = simB.requests.filter((r) => r.path.endsWith('/chat/completions'));
      assert.equal(sent.length, 1);
      assert.equal((sent[0]!.body as { model: string }).model, MODEL, 'the gateway gets its own id, without the profile');
    } finally {
      provider.dispose();
    }
  });

  it('a profile moved to another host takes no key with it', async () => {
    simA.reset();
    // B now points at A's host (an edit, or Settings Sync bringing another machine's change).
    await services().profiles.update(profileB, { baseUrl: simA.baseUrl });
    await waitFor(() => services().profiles.get(profileB)?.baseUrl === simA.baseUrl, 5000, 'the moved profile');
    const conv = await converse(`${profileB}|${MODEL}`, 'Where does my key go?');
    const answer = lastAnswer(conv);
    assert.equal(answer.state, 'error');
    assert.match(answer.error!.message, /No API key is set for Gateway B/);
    assert.deepEqual(answer.error!.actions.find((a) => a.command === Commands.setApiKey)?.args, [{ profile: profileB }], 'the button sets B\'s key');
    assert.ok(!seen(simA).has(keyFingerprint(KEY_B)), 'B\'s key never reached A');
    assert.ok(simA.requests.length === 0 || simA.requests.every((r) => !r.hadAuthorization || r.keyFingerprint === keyFingerprint(KEY_A)));
    await services().profiles.update(profileB, { baseUrl: simB.baseUrl });
    await waitFor(async () => (await services().keys.get(profileB)) === KEY_B, 5000, 'B\'s key back for B\'s host');
  });

  it('a local server: no key, no Authorization, no cost', async () => {
    const result = (await vscode.commands.executeCommand(Commands.addProfile, { name: 'Local', baseUrl: local.baseUrl, keyless: true, free: true })) as AddProfileResult;
    assert.equal(result.outcome, 'added', result.problem);
    const id = result.profile!.id;
    await waitFor(() => services().models.modelsOf(id).length === 1, 10_000, 'the local list');
    const before = services().usage.total.requests;
    const conv = await converse(`${id}|llama3:8b`, 'Hello local');
    assert.equal(lastAnswer(conv).state, 'done', textOf(lastAnswer(conv)));
    assert.ok(local.requests.length > 0 && local.requests.every((r) => !r.hadAuthorization), 'nothing was sent as a key');
    const [rec] = usageSince(services().usage, before);
    assert.equal(rec?.cost, 0, 'a free profile costs $0');
    assert.equal(rec?.profile, id);
  });

  it('test, export, import and remove: no key ever in a file, and removing takes the key', async () => {
    const tested = (await vscode.commands.executeCommand(Commands.testProfile, profileB)) as TestProfileResult;
    assert.equal(tested.ok, true, tested.message);
    assert.equal(tested.modelCount, 2);
    assert.match(tested.message, /Gateway B answered: 2 models in \d+ ms/);

    const file = vscode.Uri.file(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tokenhub-profiles-')), 'profiles.json'));
    await vscode.commands.executeCommand(Commands.exportProfiles, file);
    const text = fs.readFileSync(file.fsPath, 'utf8');
    assert.ok(text.includes(simB.baseUrl) && text.includes('"Local"'));
    assert.ok(!text.includes(KEY_B) && !text.includes(KEY_A), 'no key in the export');

    assert.equal(await vscode.commands.executeCommand(Commands.removeProfile, profileB, { skipConfirmation: true }), true);
    await waitFor(() => !services().profiles.get(profileB), 5000, 'B removed');
    assert.equal(await secrets().get(`${StorageKeys.apiKeySecret}/${profileB}`), undefined, 'its key is gone');
    assert.equal(await secrets().get(secretNames(profileB).origin), undefined);

    const imported = (await vscode.commands.executeCommand(Commands.importProfiles, file)) as { added: number; skipped: number };
    assert.deepEqual(imported, { added: 1, skipped: 1 });
    await waitFor(() => services().profiles.get(profileB)?.baseUrl === simB.baseUrl, 5000, 'B imported');
    assert.equal(await services().keys.get(profileB), undefined, 'an imported profile has no key until one is set');
    fs.rmSync(path.dirname(file.fsPath), { recursive: true, force: true });
  });

  it('a profile the workspace defines is not used until the user approves it', async () => {
    const url = simB.baseUrl.replace('127.0.0.1', 'localhost');
    const wsConfig = () => vscode.workspace.getConfiguration(Settings.section);
    await wsConfig().update(Settings.profiles, [{ id: 'tokenhub', name: 'Repo gateway', baseUrl: url }], vscode.ConfigurationTarget.Workspace);
    const id = workspaceProfileId(url);
    try {
      await waitFor(() => services().profiles.pending.some((p) => p.id === id), 5000, 'the workspace profile, pending');
      assert.equal(services().profiles.get(id), undefined, 'not usable');
      assert.equal(services().profiles.default.baseUrl, simA.baseUrl, 'it cannot take the default profile\'s place (nor its key)');
      const pendingNode = api.models.tree.profileNodes().find((n) => n.pending);
      assert.match(String(api.models.tree.getTreeItem(pendingNode!).description), /needs approval/);
      simB.reset();
      const conv = await converse(`${id}|gpt-5`, 'Not yet');
      assert.equal(lastAnswer(conv).state, 'error');
      assert.match(lastAnswer(conv).error!.message, /no longer exists, or waits for your approval/);
      assert.equal(simB.requests.length, 0, 'nothing was sent');

      assert.equal(await vscode.commands.executeCommand(Commands.approveProfile, id, { skipConfirmation: true }), true);
      await waitFor(() => !!services().profiles.get(id), 5000, 'the approved profile');
      assert.equal(services().profiles.get(id)?.source, 'workspace');
      assert.equal(await services().keys.get(id), undefined, 'approved, it still has no key but its own');
    } finally {
      await wsConfig().update(Settings.profiles, undefined, vscode.ConfigurationTarget.Workspace);
      await services().context.globalState.update(StorageKeys.approvedProfiles, undefined);
    }
  });

  it('a gateway behind a TLS-inspecting proxy: the message names the fix, and the authority in the setting makes it work', async () => {
    const tlsSim = await Simulator.start({ requireKey: false, tls: { cert: TEST_SIGNED_CERT, key: TEST_SIGNED_KEY } });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokenhub-ca-'));
    try {
      const added = (await vscode.commands.executeCommand(Commands.addProfile, { name: 'Inspected', baseUrl: tlsSim.baseUrl, keyless: true, skipCheck: true })) as AddProfileResult;
      const id = added.profile!.id;
      const failed = (await vscode.commands.executeCommand(Commands.testProfile, id)) as TestProfileResult;
      assert.equal(failed.ok, false);
      assert.match(failed.message, /signed by an authority this computer does not trust/);
      assert.match(failed.message, /TokenHub › Network: CA Certificates/);
      assert.equal(tlsSim.requests.length, 0);

      const pem = path.join(dir, 'company-root.pem');
      fs.writeFileSync(pem, TEST_CA_CERT);
      await setUserSetting(full(Settings.caCertificates), [pem]);
      const ok = (await vscode.commands.executeCommand(Commands.testProfile, id)) as TestProfileResult;
      assert.equal(ok.ok, true, ok.message);
      assert.ok(tlsSim.requests.length > 0);
    } finally {
      await tlsSim.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

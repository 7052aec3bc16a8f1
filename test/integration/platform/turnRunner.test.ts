// The one turn runner, seen from each of its four callers in the real extension host: a cancel
// mid-answer closes the request and records usage the same way (one record, the caller's
// source, estimated because the gateway sent none); a routed answer is named and priced as the
// model that answered.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Commands } from '../../../src/platform/ids';
import type { CodeCommandResult } from '../../../src/platform/codeTarget';
import type { UsageSource } from '../../../src/core/usage/usageEntry';
import { TokenHubLanguageModelProvider } from '../../../src/nativeChat/languageModelProvider';
import type { LanguageModelChatInformation } from '../../../src/nativeChat/lmApi';
import { chatRequests, lastAnswer, usageSince, useSimulator, waitFor } from '../helpers';
import { textOf } from '../../../src/core/conversation/parts';

const MODEL = 'anthropic/claude-sonnet-4-6';
const LONG = `\`\`\`js\n${'// a line of a long answer\n'.repeat(300)}\`\`\``;

async function closeAll(): Promise<void> {
  for (let i = 0; i < 10 && vscode.window.tabGroups.all.some((g) => g.tabs.length > 0); i++) {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
}

describe('turn runner: one way to run a model turn, at every caller', function () {
  this.timeout(60_000);
  const s = useSimulator();

  before(async () => {
    await s.api.services.models.refresh(true);
    await s.api.services.models.setCurrent('chat', MODEL);
  });
  beforeEach(() => s.sim.reset());
  afterEach(closeAll);

  /** Starts a slow answer through `start`, cancels once `streaming()` says text arrived, and returns the records made. */
  async function cancelMidAnswer(start: (token: vscode.CancellationToken) => Promise<unknown>, streaming: () => boolean, cancel?: () => Promise<unknown>) {
    const { sim, api } = s;
    sim.enqueue({ reply: LONG, chunkChars: 8, delayMs: 25 });
    const before = api.services.usage.total.requests;
    const cts = new vscode.CancellationTokenSource();
    const done = start(cts.token);
    await waitFor(streaming, 10_000, 'the answer to start streaming');
    if (cancel) await cancel();
    else cts.cancel();
    await done;
    await waitFor(() => chatRequests(sim.requests).length === 1 && sim.requests.some((r) => r.closedByClient), 5000, 'the request to be aborted');
    assert.equal(sim.requests.filter((r) => r.path.endsWith('/chat/completions')).at(-1)?.finished, false, 'the request was closed before the answer ended');
    return usageSince(api.services.usage, before);
  }

  function assertOneEstimate(records: readonly { source: UsageSource; model: string; estimated?: true; promptTokens: number; completionTokens: number; cost?: number }[], source: UsageSource) {
    assert.equal(records.length, 1, `exactly one usage record for ${source}: ${JSON.stringify(records)}`);
    const [rec] = records;
    assert.equal(rec.source, source);
    assert.equal(rec.model, MODEL);
    assert.equal(rec.estimated, true, 'the gateway sent no usage: the record is an estimate');
    assert.ok(rec.promptTokens > 0, 'the prompt is billed');
    assert.ok(rec.completionTokens > 0 && rec.completionTokens < 2000, `the output received so far is billed (${rec.completionTokens})`);
    const info = s.api.services.models.find(MODEL)!;
    assert.ok(Math.abs(rec.cost! - (rec.promptTokens * info.inputPrice! + rec.completionTokens * info.outputPrice!) / 1e6) < 1e-12, 'priced from the model\'s prices');
  }

  it('the chat view: Stop', async () => {
    const { api } = s;
    const records = await cancelMidAnswer(
      () => api.chat.send({ text: 'Write a long answer', newConversation: true }),
      () => api.chat.session.isStreaming && textOf(lastAnswerOrUndefined() ?? { parts: [] }).length > 0,
      () => api.chat.session.stop(),
    );
    assertOneEstimate(records, 'chat');
    const answer = lastAnswer(api.chat.session.conversation);
    assert.equal(answer.state, 'cut');
    assert.equal(answer.usage?.estimated, true, 'the answer shows the estimate');
    assert.equal(answer.cost, records[0]?.cost);
  });

  it('a code command: cancelling a refactor', async () => {
    const { api } = s;
    const doc = await vscode.workspace.openTextDocument({ content: 'function add(x, y) {\n  return x + y;\n}\n', language: 'javascript' });
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    editor.selection = new vscode.Selection(0, 0, 2, 1);
    const records = await cancelMidAnswer(
      async (token) => assert.equal((await vscode.commands.executeCommand<CodeCommandResult>(Commands.refactorSelection, { instruction: 'rename', token })).status, 'cancelled'),
      () => api.code.proposals.all.some((p) => p.answer.length > 0),
    );
    assertOneEstimate(records, 'code');
  });

  it('@tokenhub: cancelling the participant', async () => {
    const { api } = s;
    const participant = api.nativeChat.participant;
    assert.ok(participant, 'the participant is registered on every supported host');
    let text = '';
    const stream = { markdown: (v: string | vscode.MarkdownString) => (text += typeof v === 'string' ? v : v.value), progress: () => undefined, button: () => undefined };
    const records = await cancelMidAnswer(
      (token) => participant.handle({ prompt: 'Write a long answer', model: { vendor: 'tokenhub', id: MODEL } }, { history: [] }, stream, token),
      () => text.length > 0,
    );
    assertOneEstimate(records, 'nativeChat');
  });

  it("VS Code's language-model provider: a cancelled request", async () => {
    const { api } = s;
    // Constructed here too, so the same check runs on hosts without the provider API (1.100).
    const provider = new TokenHubLanguageModelProvider(api.services);
    try {
      const [info] = provider.informationFor([api.services.models.find(MODEL)!]) as LanguageModelChatInformation[];
      let parts = 0;
      const records = await cancelMidAnswer(
        (token) => provider.provideLanguageModelChatResponse(info!, [vscode.LanguageModelChatMessage.User('Write a long answer')] as never, { tools: [], toolMode: 1, modelOptions: {} } as never, { report: () => parts++ }, token),
        () => parts > 0,
      );
      assertOneEstimate(records, 'nativeChat');
    } finally {
      provider.dispose();
    }
  });

  it('a routed answer is named and priced as the model that answered, and says it was routed', async () => {
    const { sim, api } = s;
    const answeredBy = 'openai/gpt-4.1-mini';
    sim.enqueue({ reply: 'Routed hello.', answeredBy, usage: { prompt_tokens: 1_000_000, completion_tokens: 1_000_000 } });
    const before = api.services.usage.total.requests;
    await api.chat.send({ text: 'Who answers?', newConversation: true });
    const [rec] = usageSince(api.services.usage, before);
    assert.ok(rec, 'one record');
    assert.equal(rec.model, answeredBy);
    assert.equal(rec.requestedModel, MODEL);
    const mini = api.services.models.find(answeredBy)!;
    assert.equal(rec.cost, mini.inputPrice! + mini.outputPrice!, 'priced as the model that answered (a million tokens each way)');
    const answer = lastAnswer(api.chat.session.conversation);
    assert.equal(answer.model, answeredBy);
    assert.equal(answer.requestedModel, MODEL);
    assert.equal(answer.cost, rec.cost);

    // The same model under a dated snapshot name is not "routed", and is priced as the model asked for.
    sim.enqueue({ reply: 'Same model.', answeredBy: `${MODEL}-20260101`, usage: { prompt_tokens: 1_000_000, completion_tokens: 0 } });
    const before2 = api.services.usage.total.requests;
    await api.chat.send({ text: 'And now?' });
    const [rec2] = usageSince(api.services.usage, before2);
    assert.equal(rec2?.requestedModel, undefined);
    assert.equal(rec2?.cost, api.services.models.find(MODEL)!.inputPrice);
  });

  function lastAnswerOrUndefined() {
    const m = s.api.chat.session.conversation.messages.at(-1);
    return m?.role === 'assistant' ? m : undefined;
  }
});

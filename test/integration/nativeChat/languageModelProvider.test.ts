// VS Code's own chat: the `tokenhub` language-model vendor (1.104+). On a host with the provider
// API (1.139) the models are listed, stream, cancel and call tools through `vscode.lm` as any
// extension would use them; on the minimum host (1.100) the suite checks the provider is ABSENT and
// activation still succeeded.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { NativeChatIds } from '../../../src/platform/ids';
import { estimateTokens } from '../../../src/core/edits/budget';
import { chatModelsForLm, tokenLimits } from '../../../src/core/nativeChat/modelInformation';
import { getApi, usageSince, useSimulator, waitFor } from '../helpers';
import { hasProviderApi, lastChatBody, MODEL, tokenhubModels } from './nativeChatHelpers';

describe('native chat', function () {
  this.timeout(60_000);
  const env = useSimulator();

  before(async () => {
    // The catalogue from the simulator's /models (the provider offers what the catalogue holds).
    await env.api.services.models.refresh(true);
  });

  describe('language model provider', () => {
    if (!hasProviderApi()) {
      it(`is absent on VS Code ${vscode.version}, and activation went through`, async () => {
        const api = await getApi();
        assert.equal(api.nativeChat.provider, undefined, 'the provider must not register without the API');
        assert.deepEqual(await tokenhubModels(), []);
        // The management command is still there (contributed on every version).
        assert.ok((await vscode.commands.getCommands(true)).includes('tokenhub.manage'));
      });
      return;
    }

    it('lists every chat model of the catalogue', async () => {
      const api = env.api;
      assert.ok(api.nativeChat.provider, 'the provider should be registered on this host');
      const expected = chatModelsForLm(api.services.models.models);
      assert.ok(expected.length > 0, 'the catalogue holds no chat model');
      assert.ok(api.services.models.models.some((m) => m.kind !== 'chat'), 'the simulator lists media models too; the test needs them to check the filter');
      const models = await waitFor(
        async () => {
          const list = await tokenhubModels();
          return list.length === expected.length ? list : undefined;
        },
        15_000,
        `selectChatModels({ vendor: 'tokenhub' }) to list ${expected.length} models`,
      );
      assert.deepEqual(models.map((m) => m.id).sort(), expected.map((m) => m.id).sort());
      const sonnet = models.find((m) => m.id === MODEL);
      assert.ok(sonnet, `${MODEL} missing`);
      assert.equal(sonnet.vendor, NativeChatIds.vendor);
      assert.equal(sonnet.family, 'claude-sonnet-4-6');
      const info = api.services.models.find(MODEL);
      assert.ok(info);
      assert.equal(sonnet.maxInputTokens, tokenLimits(info).maxInputTokens);
      // The extension's one estimator: what VS Code budgets with is what our own commands refuse by.
      assert.equal(await sonnet.countTokens('abcdefgh'), estimateTokens('abcdefgh'));
    });

    async function sonnet(): Promise<vscode.LanguageModelChat> {
      return waitFor(async () => (await tokenhubModels()).find((m) => m.id === MODEL), 15_000, `${MODEL} in vscode.lm`);
    }

    it('streams the simulator text through sendRequest and records usage', async () => {
      const reply = 'Native chat answer, streamed piece by piece from the simulator.';
      env.sim.enqueue({ reply, chunkChars: 7, usage: { prompt_tokens: 11, completion_tokens: 13, cost: 0.0042 } });
      const before = env.api.services.usage.total.requests;
      const model = await sonnet();
      const cts = new vscode.CancellationTokenSource();
      const response = await model.sendRequest([vscode.LanguageModelChatMessage.User('Say something, please')], {}, cts.token);
      const pieces: string[] = [];
      for await (const piece of response.text) pieces.push(piece);
      assert.equal(pieces.join(''), reply);
      // (How many pieces arrive is VS Code's business: it batches progress across the IPC.)
      const body = lastChatBody(env.sim);
      assert.equal(body.model, MODEL);
      assert.deepEqual(body.messages.at(-1), { role: 'user', content: 'Say something, please' });
      const rec = await waitFor(() => usageSince(env.api.services.usage, before).find((r) => r.source === 'nativeChat'), 5000, 'a nativeChat usage record');
      assert.deepEqual([rec.model, rec.promptTokens, rec.completionTokens, rec.cost], [MODEL, 11, 13, 0.0042]);
    });

    it('stops the stream when the request is cancelled', async () => {
      const words = Array.from({ length: 400 }, (_, i) => `word${i}`).join(' ');
      env.sim.enqueue({ reply: words, delayMs: 20 });
      const model = await sonnet();
      const cts = new vscode.CancellationTokenSource();
      const response = await model.sendRequest([vscode.LanguageModelChatMessage.User('Talk for a long time')], {}, cts.token);
      let received = '';
      const started = Date.now();
      try {
        for await (const piece of response.text) {
          received += piece;
          if (received.includes('word3 ')) cts.cancel();
        }
      } catch (e) {
        // VS Code may end a cancelled stream with a cancellation error instead of ending it quietly.
        assert.ok(cts.token.isCancellationRequested, `stream failed before cancel: ${String(e)}`);
      }
      assert.ok(cts.token.isCancellationRequested, 'the stream ended before the test cancelled it');
      assert.ok(received.length < words.length / 2, `received ${received.length} of ${words.length} characters after cancel`);
      assert.ok(Date.now() - started < 20 * 400, 'the stream ran to its end');
      // The request's connection was closed by the client, not finished by the server.
      await env.sim.waitFor((s) => s.requests.some((r) => r.closedByClient && !r.finished && r.rawBody.includes('Talk for a long time')), 5000);
    });

    it('turns a gateway failure into our message with the next step', async () => {
      env.sim.enqueue({ status: 402, body: { error: { message: 'Insufficient balance', type: 'insufficient_quota', code: 'insufficient_quota' } } });
      const model = await sonnet();
      let failure: unknown;
      try {
        const response = await model.sendRequest([vscode.LanguageModelChatMessage.User('Hello')], {}, new vscode.CancellationTokenSource().token);
        for await (const _piece of response.text) {
          // no text is expected
        }
      } catch (e) {
        failure = e;
      }
      assert.ok(failure instanceof Error, 'the request should fail');
      // The words of src/platform/errorMessages.ts (credit), not a raw status line.
      assert.match(failure.message, /credit/i);
      assert.doesNotMatch(failure.message, new RegExp(env.sim.apiKey));
    });

    it('sends a tool call out and the tool result back', async () => {
      const model = await sonnet();
      const tools: vscode.LanguageModelChatTool[] = [
        { name: 'get_weather', description: 'Weather for a city', inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
      ];
      env.sim.enqueue({ toolCalls: [{ id: 'call_w1', name: 'get_weather', arguments: '{"city":"Paris"}' }] });
      const first = await model.sendRequest([vscode.LanguageModelChatMessage.User('What is the weather in Paris?')], { tools }, new vscode.CancellationTokenSource().token);
      const calls: vscode.LanguageModelToolCallPart[] = [];
      for await (const part of first.stream) if (part instanceof vscode.LanguageModelToolCallPart) calls.push(part);
      assert.equal(calls.length, 1);
      assert.equal(calls[0].name, 'get_weather');
      assert.equal(calls[0].callId, 'call_w1');
      assert.deepEqual(calls[0].input, { city: 'Paris' });
      const firstBody = lastChatBody(env.sim);
      assert.deepEqual(firstBody.tools?.map((t) => t.function.name), ['get_weather']);

      // The caller runs the tool and sends its result back, as VS Code's chat does.
      const second = await model.sendRequest(
        [
          vscode.LanguageModelChatMessage.User('What is the weather in Paris?'),
          vscode.LanguageModelChatMessage.Assistant([calls[0]]),
          vscode.LanguageModelChatMessage.User([new vscode.LanguageModelToolResultPart(calls[0].callId, [new vscode.LanguageModelTextPart('18 degrees and sunny')])]),
        ],
        { tools },
        new vscode.CancellationTokenSource().token,
      );
      let text = '';
      for await (const piece of second.text) text += piece;
      const body = lastChatBody(env.sim);
      const assistant = body.messages.find((m) => m.role === 'assistant') as { tool_calls?: { id: string; function: { name: string; arguments: string } }[] } | undefined;
      assert.deepEqual(assistant?.tool_calls?.map((c) => [c.id, c.function.name, JSON.parse(c.function.arguments)]), [['call_w1', 'get_weather', { city: 'Paris' }]]);
      assert.deepEqual(body.messages.at(-1), { role: 'tool', tool_call_id: 'call_w1', content: '18 degrees and sunny' });
      // The simulator answers a tool result by quoting it.
      assert.match(text, /18 degrees and sunny/);
    });
    it("runs a multi-step tool task as VS Code's agent mode does: parallel calls, results with text and images, then cancel", async () => {
      const model = await sonnet();
      const tools: vscode.LanguageModelChatTool[] = [
        { name: 'read_file', description: 'Read a file', inputSchema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] } },
        { name: 'screenshot', description: 'Capture the page', inputSchema: { type: 'object', properties: {} } },
      ];
      const token = () => new vscode.CancellationTokenSource().token;
      const callsOf = async (r: vscode.LanguageModelChatResponse) => {
        const out: vscode.LanguageModelToolCallPart[] = [];
        for await (const part of r.stream) if (part instanceof vscode.LanguageModelToolCallPart) out.push(part);
        return out;
      };
      // Step 1: two calls in one turn.
      env.sim.enqueue({ toolCalls: [{ id: 'call_a', name: 'read_file', arguments: '{"path":"a.ts"}' }, { id: 'call_s', name: 'screenshot', arguments: '{}' }] });
      const history: vscode.LanguageModelChatMessage[] = [vscode.LanguageModelChatMessage.User('Check a.ts and the page')];
      const step1 = await callsOf(await model.sendRequest(history, { tools }, token()));
      assert.deepEqual(step1.map((c) => [c.callId, c.name]), [['call_a', 'read_file'], ['call_s', 'screenshot']]);
      // Both results go back: text, and text with an image (where this VS Code has data parts).
      const dataPart = (vscode as unknown as { LanguageModelDataPart?: { image(data: Uint8Array, mime: string): unknown } }).LanguageModelDataPart;
      const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
      const shot = [new vscode.LanguageModelTextPart('the page'), ...(dataPart ? [dataPart.image(png, 'image/png')] : [])] as vscode.LanguageModelTextPart[];
      history.push(
        vscode.LanguageModelChatMessage.Assistant(step1),
        vscode.LanguageModelChatMessage.User([new vscode.LanguageModelToolResultPart('call_a', [new vscode.LanguageModelTextPart('export const a = 1;')]), new vscode.LanguageModelToolResultPart('call_s', shot)]),
      );
      // Step 2: another call, from what the results said.
      env.sim.enqueue({ toolCalls: [{ id: 'call_b', name: 'read_file', arguments: '{"path":"b.ts"}' }] });
      const step2 = await callsOf(await model.sendRequest(history, { tools }, token()));
      const body2 = lastChatBody(env.sim);
      const toolMessages = body2.messages.filter((m) => m.role === 'tool');
      assert.deepEqual(toolMessages.map((m) => [m.tool_call_id, m.content]), [['call_a', 'export const a = 1;'], ['call_s', 'the page']]);
      if (dataPart) {
        const image = body2.messages.find((m) => Array.isArray(m.content) && (m.content as { type: string }[]).some((p) => p.type === 'image_url'));
        assert.ok(image, "the tool's image reached the model");
      }
      assert.deepEqual(step2.map((c) => c.callId), ['call_b']);
      history.push(vscode.LanguageModelChatMessage.Assistant(step2), vscode.LanguageModelChatMessage.User([new vscode.LanguageModelToolResultPart('call_b', [new vscode.LanguageModelTextPart('export const b = 2;')])]));
      // Step 3: the final answer, cancelled part-way: the stream stops and the request is closed.
      env.sim.enqueue({ reply: 'Both files look fine. '.repeat(200), chunkChars: 6, delayMs: 25 });
      const cts = new vscode.CancellationTokenSource();
      const final = await model.sendRequest(history, { tools }, cts.token);
      let text = '';
      for await (const piece of final.text) {
        text += piece;
        if (text.length > 30) cts.cancel();
      }
      assert.ok(text.length > 0 && text.length < 'Both files look fine. '.length * 200, `part of the answer (${text.length} chars)`);
      await waitFor(() => env.sim.requests.filter((r) => r.path.endsWith('/chat/completions')).at(-1)?.closedByClient, 5000, 'the request to be closed');
    });
  });
});

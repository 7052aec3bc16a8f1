// A stopped answer is on the bill, in the real extension host against the simulator: stopped
// after the model finished writing but before the gateway's usage, it shows at once with an
// estimate ("≈") in the answer, the conversation's total, the Usage view and the status bar's
// tooltip; the usage that comes a moment later replaces the estimate everywhere, the ledger's
// file included.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { replayJournal } from '../../../src/core/conversation/journal';
import type { Conversation } from '../../../src/core/conversation/conversation';
import { totals } from '../../../src/core/conversation/conversation';
import { textOf } from '../../../src/core/conversation/parts';
import { parseUsageState } from '../../../src/core/usage/usageTotals';
import type { ModelNode, PeriodNode } from '../../../src/usage/usageTree';
import { chatRequests, lastAnswer, useSimulator, waitFor } from '../helpers';

/** A chat model no other suite uses, so its row in the Usage view is this suite's alone. */
const MODEL = 'xiaomi/mimo-v2-flash';
const REPLY = 'The whole answer, written to its end before the stop.';
const USAGE = { prompt_tokens: 321, completion_tokens: 45, cost: 0.000777 };

const plain = (md: vscode.MarkdownString | string | undefined) => (typeof md === 'string' ? md : (md?.value ?? '')).replace(/\\(.)/g, '$1');

describe('spending: a stopped answer is counted, then corrected', function () {
  this.timeout(60_000);
  const s = useSimulator();

  before(async () => {
    await s.api.services.models.refresh(true);
  });
  beforeEach(() => s.sim.reset());

  const modelRow = () => {
    const tree = s.api.usage.tree;
    const today = (tree.getChildren() as PeriodNode[]).find((p) => p.period.id === 'today');
    // A period that used several gateway profiles (other suites add some) is split by profile first.
    const rows = today ? tree.getChildren(today).flatMap((n) => (n.type === 'profile' ? tree.getChildren(n) : [n])) : [];
    const row = (rows as ModelNode[]).find((m) => m.type === 'model' && m.usage.model === MODEL);
    return row ? { totals: row.usage.totals, item: tree.getTreeItem(row) } : undefined;
  };

  it('shows the estimate at once in the answer, the total and the Usage view, then the gateway’s figure', async () => {
    const { sim, api } = s;
    // The finish reason rides on the last piece of text; the usage follows 3 s later.
    sim.enqueue({ reply: REPLY, finishInLastChunk: true, usageDelayMs: 3_000, usage: USAGE, chunkChars: 8 });
    const sent = api.chat.send({ text: 'Answer, then I stop', newConversation: true, model: MODEL });
    const conv = await waitFor(() => {
      const c = api.chat.session.conversation;
      return c.messages.length === 2 && c.model === MODEL && textOf(lastAnswer(c)) === REPLY ? c : undefined;
    }, 10_000, 'the whole answer to arrive');
    await api.chat.session.stop();
    await sent;

    // The turn ended at the stop, before the gateway sent its usage.
    const req = sim.requests.filter((r) => r.path.endsWith('/chat/completions')).at(-1)!;
    assert.equal(req.finished, false, 'the usage was still to come when the answer ended');
    assert.equal(api.chat.session.isStreaming, false);
    assert.equal(chatRequests(sim.requests).length, 1);

    const answer = lastAnswer(conv);
    assert.equal(answer.state, 'done', 'the model had finished: the answer is whole, not cut off');
    assert.equal(answer.usage?.estimated, true, 'the answer shows an estimate');
    assert.ok(answer.cost !== undefined && answer.cost > 0, 'priced from the model’s prices');
    assert.notEqual(answer.cost, USAGE.cost);
    const t1 = totals(conv);
    assert.equal(t1.estimated, true, 'the conversation’s total says it holds an estimate');
    assert.equal(t1.cost, answer.cost);

    const row1 = await waitFor(() => modelRow(), 5_000, 'the model in the Usage view');
    assert.equal(row1.totals.estimated, 1);
    assert.match(String(row1.item.description), /^≈ \$/, 'the Usage view marks the estimate');
    assert.match(plain(row1.item.tooltip as vscode.MarkdownString), /estimated \(≈\)/);
    assert.match(plain(api.models.statusBar.item.tooltip as vscode.MarkdownString), /Today: (at least )?≈ \$/, 'so does the status bar’s tooltip (other suites may leave unpriced requests today)');

    // The usage arrives: it replaces the estimate in the answer, the total, the view and the ledger.
    await waitFor(() => !lastAnswer(conv).usage?.estimated, 10_000, 'the gateway’s usage to replace the estimate');
    assert.equal(req.closedByClient, false, 'the stream was read to its end');
    const corrected = lastAnswer(conv);
    assert.deepEqual(corrected.usage, { promptTokens: USAGE.prompt_tokens, completionTokens: USAGE.completion_tokens });
    assert.equal(corrected.cost, USAGE.cost, 'the gateway’s own figure');
    const t2 = totals(conv);
    assert.equal(t2.estimated, false);
    assert.equal(t2.cost, USAGE.cost);

    const row2 = await waitFor(() => (modelRow()?.totals.estimated === 0 ? modelRow() : undefined), 5_000, 'the Usage view to follow');
    assert.equal(row2.totals.requests, 1, 'still one request');
    assert.ok(Math.abs(row2.totals.cost - USAGE.cost) < 1e-12);
    assert.equal(row2.totals.promptTokens, USAGE.prompt_tokens);
    assert.match(String(row2.item.description), /^\$0\.000777 · 1 request$/);

    const ledgerFile = path.join(api.services.context.globalStorageUri.fsPath, 'usage.json');
    const stored = await waitFor(() => {
      const state = parseUsageState(JSON.parse(fs.readFileSync(ledgerFile, 'utf8')));
      const rows = state?.days.filter((r) => r.model === MODEL) ?? [];
      return rows.length === 1 && rows[0]!.estimated === 0 ? rows[0] : undefined;
    }, 5_000, 'the corrected figures in the ledger’s file');
    assert.equal(stored.completionTokens, USAGE.completion_tokens);

    const file = path.join(api.chat.store.dir, `${conv.id}.json`);
    await waitFor(() => {
      const c = replayJournal(fs.readFileSync(file, 'utf8'))?.data as unknown as Conversation | undefined;
      return c && lastAnswer(c).cost === USAGE.cost && !lastAnswer(c).usage?.estimated;
    }, 5_000, 'the corrected answer on disk');
  });
});

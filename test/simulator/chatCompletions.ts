// Chat completions: validates the request, decides the answer (a script's, an agent scenario's, an
// inline-completion continuation, a tool call, or an echo) and sends it whole or as an SSE stream
// with the faults a script asks for.
import type * as http from 'node:http';
import { agentStep } from './agentScenarios';
import { findModel } from './catalogue';
import type { SimModel } from './catalogue';
import { realisticChatReply } from './chatReplies';
import { codeTaskAnswer, parseCodeTask } from './codeTasks';
import { completionAnswer } from './completionAnswers';
import type { CompletionSimOptions } from './completionAnswers';
import { badRequest, sendJson, sleep, write } from './httpReplies';
import { pieceDelayMs, unstreamedDelayMs } from './pacing';
import type { Pacing } from './pacing';
import type { SimFault } from './scripts';
import type { SimScript } from './server';

/**
 * What an unscripted chat request gets: `echo` (default; tests match on it) says back the last
 * user message; `realistic` (`npm start`) answers code commands with code (codeTasks.ts) and a
 * chat message with a longer Markdown answer (chatReplies.ts).
 */
export type SimAnswers = 'echo' | 'realistic';

export interface SimUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens?: number;
  cost?: number;
  [key: string]: unknown;
}

export interface SimToolCall {
  id?: string;
  name: string;
  /** The JSON arguments text; streamed in small pieces. */
  arguments: string;
}

/** The simulator's settings a chat answer follows (tests may change them between requests). */
export interface ChatSettings {
  readonly models: readonly SimModel[];
  readonly pacing: Pacing | undefined;
  readonly answers: SimAnswers;
  readonly completions: CompletionSimOptions;
}

interface ChatBody {
  model: string;
  messages: { role: string; content: unknown; tool_call_id?: string }[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  stop?: string | string[];
  tools?: { type: string; function?: { name?: string; parameters?: { properties?: Record<string, { type?: string }>; required?: string[] } } }[];
  tool_choice?: string | { type: string; function?: { name?: string } };
}

interface Answer {
  text: string;
  reasoning: string;
  toolCalls: SimToolCall[];
  usage: SimUsage | undefined;
  finishReason: string;
}

/** Answers POST /chat/completions; `newId` gives a fresh number for this answer's ids. */
export async function chatCompletion(settings: ChatSettings, newId: () => number, requestBody: unknown, res: http.ServerResponse, script: SimScript): Promise<void> {
  const body = requestBody as ChatBody | undefined;
  if (!body || typeof body !== 'object') return sendJson(res, 400, badRequest('Request body must be a JSON object.'));
  if (typeof body.model !== 'string' || !body.model) return sendJson(res, 400, badRequest('`model` is required.', 'model'));
  if (!Array.isArray(body.messages) || body.messages.length === 0) return sendJson(res, 400, badRequest('`messages` must be a non-empty array.', 'messages'));
  const model = findModel(settings.models, body.model);
  if (!model) {
    return sendJson(res, 404, {
      error: { message: `The model \`${body.model}\` does not exist or you do not have access to it.`, type: 'invalid_request_error', param: 'model', code: 'model_not_found' },
    });
  }
  if (model.kind !== 'chat') return sendJson(res, 400, badRequest(`\`${body.model}\` is not a chat model.`, 'model'));

  // An inline-completion prompt: a continuation of the code at its hole, paced as configured.
  const completion = script.reply === undefined ? completionAnswer(body.messages, settings.completions, body.stop) : undefined;
  if (completion !== undefined) {
    script = { chunkChars: settings.completions.chunkChars ?? 6, delayMs: settings.completions.chunkDelayMs, ...script, reply: completion };
    if (settings.completions.delayMs) await sleep(settings.completions.delayMs);
    if (res.destroyed) return;
  }
  // An agent scenario named in the conversation (agentScenarios.ts) gives the next turn, unless a queued script or a
  // completion prompt (which may quote an open file naming a scenario) says what to answer.
  const scripted = script.reply === undefined && !script.toolCalls ? agentStep(body) : undefined;
  if (scripted) script = { ...script, toolCalls: scripted.toolCalls, reply: scripted.text };
  const n = newId();
  const answer = answerFor(body, model, script, settings.answers, n);
  const id = `chatcmpl-sim${n}`;
  const created = Math.floor(Date.now() / 1000);
  if (script.raw) {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', ...script.headers });
    for (const c of script.raw) {
      if (res.destroyed) return;
      res.write(c);
      if (script.delayMs) await sleep(script.delayMs);
      else await sleep(1); // separate network writes, so chunk boundaries are real
    }
    res.end();
    return;
  }
  if (!body.stream) {
    const wait = script.delayMs === undefined ? unstreamedDelayMs(answer.text + answer.reasoning, settings.pacing) : 0;
    if (wait) await sleep(wait);
    const message: Record<string, unknown> = { role: 'assistant', content: answer.toolCalls.length && !script.reply ? null : answer.text };
    if (answer.reasoning) message[script.reasoningField ?? 'reasoning_content'] = answer.reasoning;
    if (answer.toolCalls.length) {
      message.tool_calls = answer.toolCalls.map((t) => ({ id: t.id, type: 'function', function: { name: t.name, arguments: t.arguments } }));
    }
    const out: Record<string, unknown> = {
      id,
      object: 'chat.completion',
      created,
      model: script.answeredBy ?? model.id,
      choices: [{ index: 0, message, logprobs: null, finish_reason: answer.finishReason }],
    };
    if (answer.usage) out.usage = answer.usage;
    return sendJson(res, 200, out, script.headers);
  }
  await streamChat(res, body, model, script, answer, id, created, settings.pacing);
}

async function streamChat(
  res: http.ServerResponse,
  body: ChatBody,
  model: SimModel,
  script: SimScript,
  answer: Answer,
  id: string,
  created: number,
  simPacing: Pacing | undefined,
): Promise<void> {
  const nl = script.lineEnding ?? '\n';
  const frames: (string | { fault: SimFault } | { waitMs: number })[] = [];
  // A script's own delayMs decides the rhythm; otherwise the pacing, if any.
  const pacing = script.delayMs === undefined ? simPacing : undefined;
  const paced = (piece: string) => {
    const ms = pieceDelayMs(piece, pacing);
    if (ms) frames.push({ waitMs: ms });
  };
  const base = `"id":"${id}","object":"chat.completion.chunk","created":${created},"model":${JSON.stringify(script.answeredBy ?? model.id)}`;
  const chunkFrame = (choice: object | null, usage?: object) =>
    `data: {${base},"choices":${choice ? `[${JSON.stringify(choice)}]` : '[]'}${usage ? `,"usage":${JSON.stringify(usage)}` : ''}}${nl}${nl}`;
  const keepAlive = script.keepAlive !== false;
  if (keepAlive) frames.push(`: keep-alive${nl}${nl}`);
  frames.push(chunkFrame({ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }));
  if (pacing?.firstTokenMs) frames.push({ waitMs: pacing.firstTokenMs });

  const rField = script.reasoningField ?? 'reasoning_content';
  for (const piece of splitText(answer.reasoning, 24)) {
    paced(piece);
    frames.push(chunkFrame({ index: 0, delta: { [rField]: piece }, logprobs: null, finish_reason: null }));
  }
  const textPieces = splitText(answer.text, script.chunkChars);
  const faultAt = script.fault ? Math.min(script.afterEvents ?? 3, textPieces.length) : -1;
  // The finish reason rides on the last text delta only when nothing (tool calls) comes after it.
  const finishWithText = !!script.finishInLastChunk && textPieces.length > 0 && !answer.toolCalls.length;
  textPieces.forEach((piece, i) => {
    if (i === faultAt && script.fault) frames.push({ fault: script.fault });
    if (keepAlive && i === Math.floor(textPieces.length / 2) && i > 0) frames.push(`: keep-alive${nl}${nl}`);
    paced(piece);
    const last = finishWithText && i === textPieces.length - 1;
    frames.push(chunkFrame({ index: 0, delta: { content: piece }, logprobs: null, finish_reason: last ? answer.finishReason : null }));
  });
  if (script.fault && faultAt >= textPieces.length) frames.push({ fault: script.fault });
  answer.toolCalls.forEach((call, index) => {
    frames.push(
      chunkFrame({
        index: 0,
        delta: { tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] },
        logprobs: null,
        finish_reason: null,
      }),
    );
    for (const piece of splitText(call.arguments, 8)) {
      paced(piece);
      frames.push(chunkFrame({ index: 0, delta: { tool_calls: [{ index, function: { arguments: piece } }] }, logprobs: null, finish_reason: null }));
    }
  });
  if (!finishWithText) frames.push(chunkFrame({ index: 0, delta: {}, logprobs: null, finish_reason: answer.finishReason }));
  if (script.usageDelayMs) frames.push({ waitMs: script.usageDelayMs });
  if (answer.usage && body.stream_options?.include_usage) frames.push(chunkFrame(null, answer.usage));
  if (!script.omitDone) frames.push(`data: [DONE]${nl}${nl}`);

  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'x-request-id': id,
    ...script.headers,
  });
  let split = script.splitUtf8 !== false;
  for (const frame of frames) {
    if (res.destroyed) return;
    if (typeof frame !== 'string' && 'waitMs' in frame) {
      await sleep(frame.waitMs);
      continue;
    }
    if (typeof frame !== 'string') {
      const f = frame.fault;
      if (f === 'cut') {
        // Let what was written reach the client, then drop the connection mid-body.
        await sleep(5);
        res.socket?.destroy();
        return;
      }
      if (f === 'silence') return; // keep the connection open, write nothing more
      const err = script.streamError ?? { message: 'The upstream provider returned an error.', type: 'server_error', code: 'upstream_error' };
      if (f === 'errorEvent') res.write(`event: error${nl}data: ${JSON.stringify({ error: err })}${nl}${nl}`);
      else res.write(`data: ${JSON.stringify({ error: err })}${nl}${nl}`);
      res.end();
      return;
    }
    if (split) {
      const bytes = Buffer.from(frame, 'utf8');
      const at = bytes.findIndex((b) => b >= 0xc0);
      if (at >= 0) {
        split = false;
        await write(res, bytes.subarray(0, at + 1));
        await sleep(3); // two separate network writes with the character's bytes divided between them
        await write(res, bytes.subarray(at + 1));
        continue;
      }
    }
    await write(res, frame);
    if (script.delayMs) await sleep(script.delayMs);
  }
  res.end();
}

function answerFor(body: ChatBody, model: SimModel, script: SimScript, answers: SimAnswers, n: number): Answer {
  const last = lastUserText(body.messages);
  const lastMsg = body.messages[body.messages.length - 1];
  let toolCalls: SimToolCall[] = script.toolCalls ?? [];
  if (!script.toolCalls && body.tools?.length && lastMsg?.role !== 'tool') {
    // Deterministic tool use: a forced tool, or "use <tool name>" in the last user message.
    const forced = body.tool_choice;
    const named =
      typeof forced === 'object' && forced
        ? body.tools.find((t) => t.function?.name === forced.function?.name)
        : forced === 'required'
          ? body.tools[0]
          : forced === 'none'
            ? undefined
            : body.tools.find((t) => t.function?.name && last.includes(t.function.name));
    if (named?.function?.name) toolCalls = [{ name: named.function.name, arguments: JSON.stringify(argumentsFor(named.function.parameters, last)) }];
  }
  toolCalls = toolCalls.map((t, i) => ({ ...t, id: t.id ?? `call_sim${n}_${i}` }));
  let text: string;
  if (script.reply !== undefined) text = script.reply;
  else if (toolCalls.length) text = '';
  else if (lastMsg?.role === 'tool') text = `Tool result received — ${contentText(lastMsg.content)}`;
  else if (answers === 'realistic') {
    const task = parseCodeTask(body.messages);
    text = task ? codeTaskAnswer(task) : realisticChatReply(model.name, last);
  } else text = `Simulated reply from ${model.name} — you said: “${last}”. This answer is streamed in small pieces.`;
  const reasoning = script.reasoning ?? (/thinking|reasoner|-r1/.test(model.id) ? `Thinking about “${last}” step by step.` : '');
  const promptTokens = Math.max(1, Math.ceil(JSON.stringify(body.messages).length / 4));
  const completionTokens = Math.max(1, Math.ceil((text.length + reasoning.length + toolCalls.reduce((n, t) => n + t.arguments.length, 0)) / 4));
  let usage: SimUsage | undefined;
  if (script.usage === false) usage = undefined;
  else if (script.usage) usage = { total_tokens: script.usage.prompt_tokens + script.usage.completion_tokens, ...script.usage };
  else {
    usage = { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
    if (reasoning) usage.completion_tokens_details = { reasoning_tokens: Math.ceil(reasoning.length / 4) };
    if (model.inputPrice !== undefined && model.outputPrice !== undefined) {
      usage.cost = Number(((promptTokens * model.inputPrice + completionTokens * model.outputPrice) / 1e6).toFixed(8));
    }
  }
  const finishReason = script.finishReason ?? (toolCalls.length ? 'tool_calls' : 'stop');
  return { text, reasoning, toolCalls, usage, finishReason };
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((p: { type?: string; text?: string }) => (p?.type === 'text' ? p.text ?? '' : p?.type === 'image_url' ? '[image]' : ''))
      .filter(Boolean)
      .join(' ');
  }
  return '';
}

function lastUserText(messages: ChatBody['messages']): string {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i]?.role === 'user') return contentText(messages[i].content);
  return '';
}

function argumentsFor(schema: { properties?: Record<string, { type?: string }>; required?: string[] } | undefined, text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const props = schema?.properties ?? {};
  for (const name of schema?.required ?? Object.keys(props)) {
    const t = props[name]?.type;
    out[name] = t === 'number' || t === 'integer' ? 1 : t === 'boolean' ? true : text;
  }
  return out;
}

/** One word (with its following space) per piece, or fixed-size pieces; never splits a surrogate pair. */
function splitText(text: string, size?: number): string[] {
  if (!text) return [];
  if (size && size > 0) {
    const cps = Array.from(text);
    const out: string[] = [];
    for (let i = 0; i < cps.length; i += size) out.push(cps.slice(i, i + size).join(''));
    return out;
  }
  return text.match(/\S*\s*/g)!.filter((s) => s.length > 0);
}

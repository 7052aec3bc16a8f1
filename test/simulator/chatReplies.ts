// What the simulator answers a plain chat message with in its realistic mode (`npm start`): the
// echo the tests know, then a few paragraphs of Markdown (a list, a table, a code block), long
// enough that a paced answer can be watched streaming and stopped. Code commands get their own
// answers (codeTasks.ts).

export function realisticChatReply(modelName: string, said: string): string {
  const quoted = said.length > 200 ? `${said.slice(0, 200)}…` : said;
  return [
    `Simulated reply from ${modelName} — you said: “${quoted}”.`,
    '',
    'This answer comes from the **TokenHub simulator**, a local stand-in for the gateway: no model read your message, and nothing was charged. It streams at the pace of a real model, so you can try what the chat does while an answer arrives:',
    '',
    '1. **Stop** it halfway (the stop button, or Escape in the view); what arrived stays, marked as stopped.',
    '2. **Regenerate** it, or **edit and resend** your message with the pencil.',
    '3. Look at the line under the answer: the model, the tokens in → out and what it would have cost.',
    '',
    '| What | Where |',
    '| --- | --- |',
    '| Code commands | select code → right-click → **TokenHub** |',
    '| Models | the status bar, or the **Models** view |',
    '| Spending | the **Usage** view |',
    '',
    'Code blocks get **Copy**, **Insert at Cursor**, **Apply to Editor** and **Save as New File**:',
    '',
    '```ts',
    'export function greet(name: string): string {',
    '  return `Hello, ${name}!`;',
    '}',
    '```',
    '',
    'Set `TOKENHUB_API_KEY` before `npm start` to talk to the real gateway instead.',
  ].join('\n');
}

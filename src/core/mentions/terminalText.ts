// Terminal output as text for the model: what a shell wrote is full of escape sequences (colours,
// cursor moves, the shell integration's own OSC 633 markers) and carriage returns that redraw a
// line (progress bars). This keeps what a person would read, and only the end of a long output.

const OSC = /\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g;
const CSI = /\x1b\[[0-?]*[ -/]*[@-~]/g;
const OTHER_ESC = /\x1b[@-Z\\-_]|\x1b[()][0-9A-Za-z]/g;
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g;

/** The text a person sees: escapes removed, each line as it was last redrawn, backspaces applied. */
export function terminalText(raw: string): string {
  const plain = raw.replace(OSC, '').replace(CSI, '').replace(OTHER_ESC, '');
  const lines = plain.replace(/\r\n/g, '\n').split('\n');
  return lines
    .map((line) => {
      // A bare \r goes back to the start of the line: what follows the last one overwrote it.
      const parts = line.split('\r');
      let out = '';
      for (const part of parts) out = part.length >= out.length ? part : part + out.slice(part.length);
      let text = '';
      for (const ch of out) text = ch === '\b' ? text.slice(0, -1) : text + ch;
      return text.replace(CONTROL, '').replace(/\s+$/, '');
    })
    .join('\n')
    .replace(/^\n+|\n+$/g, '');
}

/** Keeps the last `max` characters written to it (the start of a long output is dropped). */
export class TailBuffer {
  private chunks: string[] = [];
  private size = 0;
  /** Characters dropped from the start. */
  dropped = 0;

  constructor(private readonly max: number) {}

  push(data: string): void {
    this.chunks.push(data);
    this.size += data.length;
    while (this.size > this.max * 2 && this.chunks.length > 1) {
      const first = this.chunks.shift()!;
      this.size -= first.length;
      this.dropped += first.length;
    }
  }

  text(): string {
    const all = this.chunks.join('');
    if (all.length <= this.max) return all;
    this.dropped += all.length - this.max;
    this.chunks = [all.slice(-this.max)];
    this.size = this.max;
    return this.chunks[0]!;
  }
}

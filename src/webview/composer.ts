// The composer: the input (its draft survives the view being torn down), chips of the pending
// attachments, the slash-command hint, a note when an image cannot be attached, pasted and
// dropped images, and the attach, send and stop buttons.
import type { HostCommandName, PendingAttachment } from '../core/protocol/chatProtocol';
import { MAX_INPUT } from '../core/protocol/chatProtocol';
import { messageFit } from '../core/conversation/messageSize';
import type { UiStringKey } from '../core/protocol/uiStrings';
import { IMAGE_MIME_TYPES, MAX_IMAGE_DATA_URI } from '../core/conversation/validate';
import type { Announcer } from './announcer';
import { el, iconButton, nameButton } from './dom';
import type { HostConnection } from './host';
import type { UiText } from './uiText';

// The host drops data URIs over MAX_IMAGE_DATA_URI characters: base64 makes 3 bytes 4 characters,
// and the `data:<type>;base64,` prefix takes a few more.
const MAX_IMAGE_BYTES = Math.floor(((MAX_IMAGE_DATA_URI - 64) * 3) / 4);
const IMAGE_TYPES: readonly string[] = IMAGE_MIME_TYPES;

export class Composer {
  readonly el = el('footer', 'composer');
  private readonly input = el('textarea', 'composer-input');
  private readonly chips = el('div', 'chips');
  /** A short note under the composer (an image that cannot be attached); also read out. */
  private readonly note = el('div', 'composer-note');
  private readonly slashHint = el('div', 'slash-hint');
  private readonly sendButton = iconButton('send', '', 'send');
  private readonly stopButton = iconButton('debug-stop', '', 'stop');
  private readonly attachSelection = iconButton('selection', '', 'attachSelection');
  private readonly attachFile = iconButton('file-add', '', 'attachFile');
  private slashCommands: { name: string; description: string }[] = [];
  private streaming = false;
  /** The conversation's model: a message must fit its context window. */
  private model: { name: string; contextWindow?: number } = { name: '' };
  /** The note says the message is too long (it goes once the text fits). */
  private tooLong = false;

  constructor(
    private readonly host: HostConnection,
    private readonly text: UiText,
    private readonly announcer: Announcer,
  ) {
    this.input.rows = 3;
    this.input.id = 'composer-input';
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        this.send();
      } else if (e.key === 'Escape' && this.streaming) {
        e.preventDefault();
        this.host.post({ type: 'stop' });
      }
    });
    this.input.addEventListener('input', () => {
      this.host.setState({ draft: this.input.value });
      this.renderSlashHint();
      if (this.tooLong && messageFit(this.input.value, this.model.contextWindow, MAX_INPUT).fits) this.hideNote();
    });
    this.input.addEventListener('paste', (e) => this.onFiles(e.clipboardData?.files, e));
    this.el.addEventListener('dragover', (e) => {
      if (e.dataTransfer?.types.includes('Files')) e.preventDefault();
    });
    this.el.addEventListener('drop', (e) => this.onFiles(e.dataTransfer?.files, e));
    this.chips.setAttribute('role', 'list');
    this.chips.addEventListener('click', (e) => {
      const b = (e.target as HTMLElement).closest<HTMLButtonElement>('button[data-remove]');
      if (b?.dataset.remove) this.host.post({ type: 'removeAttachment', id: b.dataset.remove });
    });
    const buttons = el('div', 'composer-buttons');
    this.stopButton.hidden = true;
    buttons.append(this.attachSelection, this.attachFile, el('span', 'spacer'), this.stopButton, this.sendButton);
    this.sendButton.addEventListener('click', () => this.send());
    this.stopButton.addEventListener('click', () => this.host.post({ type: 'stop' }));
    for (const b of [this.attachSelection, this.attachFile]) {
      b.addEventListener('click', () => this.host.post({ type: 'runCommand', command: b.dataset.action as HostCommandName }));
    }
    this.slashHint.id = 'slash-hint';
    this.slashHint.setAttribute('role', 'status');
    this.slashHint.hidden = true;
    this.input.setAttribute('aria-describedby', 'slash-hint');
    this.note.hidden = true;
    this.el.append(this.chips, this.note, this.slashHint, this.input, buttons);
    const draft = this.host.getState<{ draft?: string }>()?.draft;
    if (draft) this.input.value = draft;
  }

  localize(): void {
    this.input.placeholder = this.text.t('placeholder');
    this.input.setAttribute('aria-label', this.text.t('placeholder'));
    const names: [HTMLButtonElement, UiStringKey][] = [
      [this.sendButton, 'send'],
      [this.stopButton, 'stop'],
      [this.attachSelection, 'attachSelection'],
      [this.attachFile, 'attachFile'],
    ];
    for (const [b, key] of names) nameButton(b, this.text.t(key));
  }

  setModel(name: string, contextWindow: number | undefined): void {
    this.model = contextWindow ? { name, contextWindow } : { name };
  }

  setSlashCommands(commands: { name: string; description: string }[]): void {
    this.slashCommands = commands;
  }

  setStreaming(streaming: boolean): void {
    this.streaming = streaming;
    this.stopButton.hidden = !streaming;
    this.sendButton.hidden = streaming;
  }

  focus(): void {
    this.input.focus();
  }

  /** Something between the input and its buttons (the Ask / Agent bar): after the input in the Tab order. */
  addBelowInput(element: HTMLElement): void {
    this.input.after(element);
  }

  /** Puts text in the input (e.g. a prompt the host prepared) for the user to finish. */
  setInput(text: string): void {
    this.input.value = text;
    this.input.focus();
  }

  setPending(pending: PendingAttachment[]): void {
    this.hideNote();
    this.chips.replaceChildren(...pending.map((p) => this.chip(p)));
    this.chips.hidden = pending.length === 0;
  }

  private chip(p: PendingAttachment): HTMLElement {
    const chip = el('span', 'chip');
    chip.setAttribute('role', 'listitem');
    if (p.thumbnail) {
      const img = el('img', 'chip-thumb');
      img.src = p.thumbnail; // a data: URI the host checked; never a remote address
      img.alt = '';
      chip.append(img);
    } else {
      const icon = el('span', `codicon codicon-${p.kind === 'selection' ? 'selection' : 'file'}`);
      icon.setAttribute('aria-hidden', 'true');
      chip.append(icon);
    }
    chip.append(el('span', 'chip-label', p.label));
    const remove = iconButton('close', `${this.text.t('removeAttachment')} ${p.label}`);
    remove.dataset.remove = p.id;
    chip.append(remove);
    return chip;
  }

  private send(): void {
    const text = this.input.value;
    if (!text.trim() || this.streaming) return;
    // Too long for the model: nothing is sent and nothing the user wrote is lost.
    const fit = messageFit(text, this.model.contextWindow, MAX_INPUT);
    if (!fit.fits) {
      const n = (v: number) => v.toLocaleString();
      this.showNote(this.text.t('messageTooLong').replace('{0}', n(fit.tokens)).replace('{1}', this.model.name).replace('{2}', n(fit.limit)));
      this.tooLong = true;
      return;
    }
    this.host.post({ type: 'send', text });
    this.input.value = '';
    this.host.setState({ draft: '' });
  }

  /** Typing `/` lists the slash commands the host registered (e.g. `/image`). */
  private renderSlashHint(): void {
    // Only while the command name is being typed: once arguments follow, the hint goes away.
    const m = /^\/([\w-]*)$/.exec(this.input.value);
    const list = m ? this.slashCommands.filter((c) => c.name.startsWith(m[1] ?? '')) : [];
    this.slashHint.hidden = list.length === 0;
    this.slashHint.replaceChildren(
      ...list.map((c) => {
        const row = el('div', 'slash-item');
        row.append(el('strong', undefined, `/${c.name}`), ` ${c.description}`);
        return row;
      }),
    );
  }

  private onFiles(files: FileList | undefined | null, e: Event): void {
    const images = Array.from(files ?? []).filter((f) => IMAGE_TYPES.includes(f.type));
    if (!images.length) return;
    e.preventDefault();
    for (const file of images) {
      if (file.size > MAX_IMAGE_BYTES) {
        this.showNote(this.text.t('imageTooLarge').replace('{0}', file.name || 'image').replace('{1}', String(Math.floor(MAX_IMAGE_BYTES / 1_000_000))));
        continue;
      }
      const reader = new FileReader();
      reader.onload = () => {
        if (typeof reader.result === 'string') this.host.post({ type: 'addImage', name: file.name || 'image', mimeType: file.type, dataUri: reader.result });
      };
      reader.readAsDataURL(file);
    }
  }

  private showNote(text: string): void {
    this.note.textContent = text;
    this.note.hidden = false;
    this.tooLong = false;
    this.announcer.say(text);
  }

  private hideNote(): void {
    this.note.hidden = true;
    this.tooLong = false;
  }
}

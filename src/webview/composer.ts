// The composer: the input (its draft survives the view being torn down), the context chips and the
// prompt's estimate (./contextChips), the @-mention picker (./mentionPicker), the slash-command
// hint, a note (an image that cannot be attached, a message not sent), pasted and dropped images,
// dropped files and folders, and the attach, send and stop buttons.
import type { HostCommandName, PendingAttachment, PromptEstimate } from '../core/protocol/chatProtocol';
import { MAX_INPUT } from '../core/protocol/chatProtocol';
import { messageFit } from '../core/conversation/messageSize';
import type { UiStringKey } from '../core/protocol/uiStrings';
import { IMAGE_MIME_TYPES, MAX_IMAGE_DATA_URI } from '../core/conversation/validate';
import type { Announcer } from './announcer';
import { ContextChips } from './contextChips';
import { el, iconButton, nameButton } from './dom';
import { carriesUris, droppedUris } from './drops';
import { MentionPicker } from './mentionPicker';
import type { HostConnection } from './host';
import type { UiText } from './uiText';

// The host drops data URIs over MAX_IMAGE_DATA_URI characters: base64 makes 3 bytes 4 characters,
// and the `data:<type>;base64,` prefix takes a few more.
const MAX_IMAGE_BYTES = Math.floor(((MAX_IMAGE_DATA_URI - 64) * 3) / 4);
const IMAGE_TYPES: readonly string[] = IMAGE_MIME_TYPES;

export class Composer {
  readonly el = el('footer', 'composer');
  private readonly input = el('textarea', 'composer-input');
  private readonly chips: ContextChips;
  private readonly picker: MentionPicker;
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
    this.chips = new ContextChips(host, text);
    this.picker = new MentionPicker(this.input, host, text, () => this.onInput());
    this.input.addEventListener('keydown', (e) => {
      if (this.picker.handleKey(e)) return;
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        this.send();
      } else if (e.key === 'Escape' && this.streaming) {
        e.preventDefault();
        this.host.post({ type: 'stop' });
      }
    });
    this.input.addEventListener('input', () => {
      this.onInput();
      this.picker.update();
    });
    // Moving the caret into or out of an `@…` opens or closes the picker.
    this.input.addEventListener('click', () => this.picker.update());
    this.input.addEventListener('keyup', (e) => {
      if (e.key === 'ArrowLeft' || e.key === 'ArrowRight' || e.key === 'Home' || e.key === 'End') this.picker.update();
    });
    this.input.addEventListener('paste', (e) => this.onFiles(e.clipboardData?.files, e));
    // Files and folders from the Explorer or the editor tabs, anywhere on the view; images from the disk.
    document.addEventListener('dragover', (e) => {
      const types = Array.from(e.dataTransfer?.types ?? []);
      if (types.includes('Files') || carriesUris(types)) e.preventDefault();
      document.body.classList.toggle('dropping', carriesUris(types));
    });
    document.addEventListener('dragleave', (e) => {
      if (!e.relatedTarget) document.body.classList.remove('dropping');
    });
    document.addEventListener('drop', (e) => {
      document.body.classList.remove('dropping');
      this.onDrop(e);
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
    this.el.append(this.picker.el, this.chips.el, this.chips.estimateEl, this.note, this.slashHint, this.input, buttons);
    const draft = this.host.getState<{ draft?: string }>()?.draft;
    if (draft) this.input.value = draft;
    this.chips.setDraft(this.input.value);
  }

  private onInput(): void {
    this.host.setState({ draft: this.input.value });
    this.chips.setDraft(this.input.value);
    this.renderSlashHint();
    if (this.tooLong && messageFit(this.input.value, this.model.contextWindow, MAX_INPUT).fits) this.hideNote();
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
    this.picker.localize();
    this.el.dataset.dropHint = this.text.t('dropContext');
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
    this.onInput();
    this.input.focus();
  }

  setPending(pending: PendingAttachment[]): void {
    this.hideNote();
    this.chips.setPending(pending);
  }

  setEstimate(estimate: PromptEstimate | undefined): void {
    this.chips.setEstimate(estimate);
  }

  /** The host did not send a message: its words come back (unless something new was typed) with the reason. */
  refused(text: string, reason: string): void {
    if (!this.input.value.trim()) this.setInput(text);
    if (reason) this.showNote(reason);
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
    this.picker.close();
    this.host.post({ type: 'send', text });
    this.input.value = '';
    this.onInput();
  }

  private onDrop(e: DragEvent): void {
    const data = e.dataTransfer;
    if (!data) return;
    const uris = carriesUris(Array.from(data.types)) ? droppedUris(data) : [];
    if (uris.length) {
      e.preventDefault();
      this.host.post({ type: 'dropUris', uris });
      return;
    }
    this.onFiles(data.files, e);
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

  showNote(text: string): void {
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

import * as vscode from 'vscode';
import { Settings } from '../platform/ids';
import type { Services } from '../platform/services';
import type { Usage } from '../core/api/types';
import type { TokenHubApi } from '../core/client/api';
import type { Clock } from '../core/media/polling';
import { usageEntry } from '../core/usage/usageEntry';
import type { GenerationStore } from './generationStore';
import type { MediaFiles } from './mediaFiles';
import type { SpendQuestion } from './mediaPrices';
import { confirmSpend } from './mediaPrices';

/** The abort reason of a cancel the user asked for (a notification's Cancel, a chat request's stop). */
export const USER_CANCELLED = 'user';

/**
 * What image generation, video generation and the Generations view share: the client, the list,
 * the files, the clock, and the two ways a finished generation leaves the feature (opened in an
 * editor, recorded in the usage ledger).
 */
export class MediaContext {
  constructor(
    readonly services: Services,
    readonly client: TokenHubApi,
    readonly store: GenerationStore,
    readonly files: MediaFiles,
    /** Replaceable: tests swap in a fake clock (`MediaFeature.setPolling`). */
    public clock: Clock,
  ) {}

  /** The confirm step before money is spent: the price, or that it is unknown. Replaceable: tests answer it (`MediaFeature.setConfirm`). */
  confirm: (question: SpendQuestion) => Promise<boolean> = confirmSpend;

  /**
   * Before anything is sent: the confirm step with the price (when `confirm`), then the budget,
   * which asks at 100%. 'declined' or 'budget' when the user said no to one of them.
   */
  async approve(question: SpendQuestion, confirm: boolean, signal?: AbortSignal): Promise<'ok' | 'declined' | 'budget'> {
    if (confirm && !(await this.confirm(question))) return 'declined';
    const verdict = await this.services.budget.check({ source: 'media', ...(question.price !== undefined ? { price: question.price } : {}) }, signal);
    return verdict.allowed ? 'ok' : 'budget';
  }

  /** How long a video task may take before it is given up (read per task: the setting may change). */
  get timeoutMinutes(): number {
    const m = this.services.settings.get<number>(Settings.videoTimeoutMinutes, 30);
    return Number.isFinite(m) && m > 0 ? m : 30;
  }

  async openFile(uri: vscode.Uri): Promise<void> {
    try {
      await vscode.commands.executeCommand('vscode.open', uri, { preview: false });
    } catch (e) {
      this.services.log.error(`could not open ${uri.toString()}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /**
   * Says where a new file was saved, with Reveal to show it in the Explorer: the side bar stays
   * where the user has it (revealing on its own would switch it away from what they were doing).
   */
  offerReveal(uri: vscode.Uri): void {
    const reveal = vscode.l10n.t('Reveal in Explorer');
    void vscode.window.showInformationMessage(vscode.l10n.t('Saved {0}.', vscode.workspace.asRelativePath(uri)), reveal).then((choice) => {
      if (choice === reveal) void vscode.commands.executeCommand('revealInExplorer', uri);
    });
  }

  /** `cost` is the generation's own (gateway charge or unit-price estimate): media prices are per image or second, not per token. */
  async recordUsage(model: string, usage: Usage | null | undefined, cost: number | undefined): Promise<void> {
    try {
      await this.services.usage.record(usageEntry(model, 'media', usage, undefined, cost));
    } catch {
      // The ledger is a record, not a reason to fail a generation that worked.
    }
  }
}

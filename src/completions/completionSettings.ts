import * as vscode from 'vscode';
import { parseLimit } from '../core/completions/eligibility';
import { Settings } from '../platform/ids';
import type { SettingsService } from '../platform/settings';

/** The per-language switches when the user has set none: prose is not code. */
export const DEFAULT_LANGUAGES: Readonly<Record<string, boolean>> = { '*': true, plaintext: false, markdown: false, scminput: false };

/**
 * Reads of the inline-completion settings. All of them are application settings (user settings
 * only): a workspace cannot turn completions on, raise the limit or allow itself when untrusted.
 */
export class CompletionSettings {
  constructor(private readonly settings: SettingsService) {}

  get enabled(): boolean {
    return this.settings.get<boolean>(Settings.completionsEnabled, false) === true;
  }

  get languages(): Readonly<Record<string, unknown>> {
    const v = this.settings.get<unknown>(Settings.completionLanguages, DEFAULT_LANGUAGES);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : DEFAULT_LANGUAGES;
  }

  /** USD per day; undefined: no limit. */
  get dailyLimit(): number | undefined {
    return parseLimit(this.settings.get<unknown>(Settings.completionDailyLimit, null));
  }

  get allowUntrusted(): boolean {
    return this.settings.get<boolean>(Settings.completionAllowUntrusted, false) === true;
  }

  /** VS Code's own switch for ghost text, for this document's language. */
  inlineSuggestEnabled(document?: vscode.TextDocument): boolean {
    return vscode.workspace.getConfiguration('editor', document).get<boolean>('inlineSuggest.enabled', true) !== false;
  }

  setEnabled(on: boolean): Promise<void> {
    return this.settings.update(Settings.completionsEnabled, on);
  }

  /** Turns completions on or off for one language (the others keep their switches). */
  setLanguage(languageId: string, on: boolean): Promise<void> {
    return this.settings.update(Settings.completionLanguages, { ...this.languages, [languageId]: on });
  }

  /** Whether a configuration change concerns completions. */
  affects(e: vscode.ConfigurationChangeEvent): boolean {
    return e.affectsConfiguration(`${Settings.section}.completions`) || e.affectsConfiguration('editor.inlineSuggest.enabled');
  }
}

// The view's UI strings: the host sends them in the user's language with the state (the webview
// has no translations of its own); until then a key stands for itself.
import type { UiStringKey } from '../core/protocol/uiStrings';

export class UiText {
  private strings: Partial<Record<UiStringKey, string>> = {};

  set(strings: Partial<Record<UiStringKey, string>>): void {
    this.strings = strings;
  }

  t(key: UiStringKey): string {
    return this.strings[key] ?? key;
  }
}

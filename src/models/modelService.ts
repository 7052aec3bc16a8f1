import * as vscode from 'vscode';
import type { ModelInfo } from '../core/catalogue/types';
import { Disposable } from '../common/lifecycle';
import { Settings } from '../common/ids';
import type { SettingsService } from '../common/settings';
import type { TokenHubApi } from '../core/client/api';

export type ModelPurpose = 'chat' | 'code' | 'image' | 'video';

// PLACEHOLDER API (issue 4 fills it in): the one source of truth for the catalogue and for
// "the current model" of each purpose.
export class ModelService extends Disposable {
  private readonly _onDidChangeModels = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeModels = this._onDidChangeModels.event;
  private readonly _onDidChangeCurrent = this._register(new vscode.EventEmitter<ModelPurpose>());
  readonly onDidChangeCurrent = this._onDidChangeCurrent.event;
  private _models: ModelInfo[] = [];

  constructor(private readonly settings: SettingsService, protected readonly api: TokenHubApi, protected readonly memento: vscode.Memento) {
    super();
    this._register(
      settings.onDidChange((e) => {
        if (e.affectsConfiguration(`${Settings.section}.${Settings.chatModel}`)) this._onDidChangeCurrent.fire('chat');
        if (e.affectsConfiguration(`${Settings.section}.${Settings.codeModel}`)) this._onDidChangeCurrent.fire('code');
      }),
    );
  }

  get models(): readonly ModelInfo[] {
    return this._models;
  }
  get offline(): boolean {
    return true;
  }
  find(id: string): ModelInfo | undefined {
    return this._models.find((m) => m.id === id);
  }
  currentId(purpose: ModelPurpose): string {
    switch (purpose) {
      case 'chat':
        return this.settings.chatModel;
      case 'code':
        return this.settings.codeModel;
      case 'image':
        return this.settings.get<string>(Settings.imageModel, '');
      case 'video':
        return this.settings.get<string>(Settings.videoModel, '');
    }
  }
  current(purpose: ModelPurpose): ModelInfo | undefined {
    return this.find(this.currentId(purpose));
  }
  async setCurrent(purpose: ModelPurpose, id: string): Promise<void> {
    const key = { chat: Settings.chatModel, code: Settings.codeModel, image: Settings.imageModel, video: Settings.videoModel }[purpose];
    await this.settings.update(key, id);
  }
  async refresh(_force = false): Promise<void> {}
}

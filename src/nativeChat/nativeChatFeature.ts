import { Disposable } from '../common/lifecycle';
import type { Services } from '../common/services';
import type { ChatFeature } from '../chat/chatFeature';
import type { CodeCommandsFeature } from '../codeCommands/codeCommandsFeature';
import type { MediaFeature } from '../media/mediaFeature';

// PLACEHOLDER (issue 9): the language-model provider and the @tokenhub participant (VS Code 1.104+, feature-detected).
export class NativeChatFeature extends Disposable {
  constructor(
    protected readonly services: Services,
    protected readonly chat: ChatFeature,
    protected readonly code: CodeCommandsFeature,
    protected readonly media: MediaFeature,
  ) {
    super();
  }
}

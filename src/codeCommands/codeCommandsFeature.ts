import { Disposable } from '../common/lifecycle';
import type { Services } from '../common/services';
import type { ChatFeature } from '../chat/chatFeature';

// PLACEHOLDER (issue 6): explain, refactor, fix, document, write tests, ask.
export class CodeCommandsFeature extends Disposable {
  constructor(protected readonly services: Services, protected readonly chat: ChatFeature) {
    super();
  }
}

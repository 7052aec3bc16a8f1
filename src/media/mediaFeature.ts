import { Disposable } from '../common/lifecycle';
import type { Services } from '../common/services';
import type { ChatFeature } from '../chat/chatFeature';

// PLACEHOLDER (issue 7): image and video generation, the Generations view.
export class MediaFeature extends Disposable {
  constructor(protected readonly services: Services, protected readonly chat: ChatFeature) {
    super();
  }
}

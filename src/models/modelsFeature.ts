import { Disposable } from '../common/lifecycle';
import type { Services } from '../common/services';

// PLACEHOLDER (issue 4: models tree, status bar, quick pick): registers its own commands and views.
export class ModelsFeature extends Disposable {
  constructor(protected readonly services: Services) {
    super();
  }
}

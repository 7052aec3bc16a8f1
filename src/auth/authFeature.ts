import { Disposable } from '../common/lifecycle';
import type { Services } from '../common/services';

// PLACEHOLDER (issue 2: Set/Clear API Key, hasApiKey context key): registers its own commands and views.
export class AuthFeature extends Disposable {
  constructor(protected readonly services: Services) {
    super();
  }
}

import type { ChatFeature } from '../../chat/chatFeature';
import type { Services } from '../../common/services';
import type { CodePreparation } from '../codePreparation';
import type { CodeModelRunner } from '../modelRunner';
import type { ProposalService } from '../proposals';
import type { RecentInstructions } from '../recentInstructions';

/** What the code command classes share. */
export interface CodeCommandContext {
  readonly services: Services;
  readonly chat: ChatFeature;
  readonly runner: CodeModelRunner;
  /** The target, prompt and budget, as the @tokenhub participant prepares them too. */
  readonly preparation: CodePreparation;
  readonly proposals: ProposalService;
  readonly recent: RecentInstructions;
}

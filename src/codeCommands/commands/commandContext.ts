import type { ChatFeature } from '../../chat/chatFeature';
import type { Services } from '../../common/services';
import type { CodeModelRunner } from '../modelRunner';
import type { ProposalService } from '../proposals';
import type { RecentInstructions } from '../recentInstructions';

/** What the code command classes share. */
export interface CodeCommandContext {
  readonly services: Services;
  readonly chat: ChatFeature;
  readonly runner: CodeModelRunner;
  readonly proposals: ProposalService;
  readonly recent: RecentInstructions;
}

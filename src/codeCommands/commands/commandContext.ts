import type { ChatService } from '../../platform/chatService';
import type { Services } from '../../platform/services';
import type { CodePreparation } from '../../platform/codePreparation';
import type { CodeModelRunner } from '../modelRunner';
import type { ProposalService } from '../../platform/proposals';
import type { RecentInstructions } from '../recentInstructions';

/** What the code command classes share. */
export interface CodeCommandContext {
  readonly services: Services;
  readonly chat: ChatService;
  readonly runner: CodeModelRunner;
  /** The target, prompt and budget, as the @tokenhub participant prepares them too. */
  readonly preparation: CodePreparation;
  readonly proposals: ProposalService;
  readonly recent: RecentInstructions;
}

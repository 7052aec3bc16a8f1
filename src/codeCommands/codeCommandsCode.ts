// What the code commands do (the target, the prompt, the request, the diff): activation does not
// need it, so the production build puts it in a bundle of its own, dist/codeCommands.js
// (esbuild.mjs), that CodeCommandsFeature loads on the first code command.
import type { CodeCommandResult } from '../platform/codeTarget';
import type { CommandId } from '../platform/ids';
import type { Services } from '../platform/services';
import { CodePreparation } from '../platform/codePreparation';
import { AskCommand } from './commands/askCommand';
import type { CodeCommandContext } from './commands/commandContext';
import { DocumentCommand } from './commands/documentCommand';
import { ExplainCommand } from './commands/explainCommand';
import { FixCommand } from './commands/fixCommand';
import { RefactorCommand } from './commands/refactorCommand';
import { WriteTestsCommand } from './commands/writeTestsCommand';
import { CodeModelRunner } from './modelRunner';
import { RecentInstructions } from './recentInstructions';

export { CodePreparation };

/** Each code command's handler, by its id. */
export function codeCommandHandlers(services: Services, preparation: CodePreparation): Map<CommandId, (arg?: unknown) => Promise<CodeCommandResult>> {
  const ctx: CodeCommandContext = {
    services,
    chat: services.chat,
    runner: new CodeModelRunner(services),
    preparation,
    proposals: services.proposals,
    recent: new RecentInstructions(services.context.globalState),
  };
  const commands = [new ExplainCommand(ctx), new AskCommand(ctx), new RefactorCommand(ctx), new FixCommand(ctx), new DocumentCommand(ctx), new WriteTestsCommand(ctx)];
  return new Map(commands.map((c) => [c.id, (arg?: unknown) => c.handle(arg)]));
}

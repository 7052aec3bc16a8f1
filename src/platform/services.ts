import * as path from 'node:path';
import * as vscode from 'vscode';
import { AgentService } from './agentService';
import { BudgetService } from './budgetService';
import { ChatService } from './chatService';
import { ModelService } from './modelService';
import { ProfileService } from './profiles';
import { ProposalService } from './proposals';
import { ApiKeyStore } from './apiKeyStore';
import { ClientProvider } from './clientProvider';
import { Commands } from './ids';
import { Disposable } from './lifecycle';
import { ExtensionLog } from './log';
import { MentionService } from './mentionService';
import { SettingsService } from './settings';
import { TurnRunner } from './turnRunner';
import { UsageLedger } from './usageLedger';

/**
 * What every feature shares: the log, settings, the gateway profiles and their keys, their
 * clients, the model catalogues, the usage ledger, the budget, the chat's send API, the edit
 * proposals and the @-mentions.
 * Built once in `activate`; features take it in their constructor (no globals).
 */
export class Services extends Disposable {
  readonly log: ExtensionLog;
  readonly settings: SettingsService;
  /** The gateway profiles: TokenHub at `tokenhub.baseUrl`, the user's, approved workspace ones. */
  readonly profiles: ProfileService;
  /** One key per profile, bound to the host it was set for. */
  readonly keys: ApiKeyStore;
  readonly client: ClientProvider;
  readonly models: ModelService;
  readonly usage: UsageLedger;
  /** The user's spending budgets, consulted before every request (turns and media). */
  readonly budget: BudgetService;
  /** Every model turn goes through it: cancellation, usage (once per request), errors. */
  readonly turns: TurnRunner;
  /** The sidebar chat as other features see it: send a message, add slash commands. */
  readonly chat: ChatService;
  /** Agent mode as the chat sees it (bound by the agent feature). */
  readonly agent: AgentService;
  /** Proposed edits under review (diff + Apply/Discard): code commands, chat code blocks, the agent. */
  readonly proposals: ProposalService;
  /** @-mentions: the picker's candidates, reading files, folders, symbols, problems, the terminal, git. */
  readonly mentions: MentionService;

  constructor(readonly context: vscode.ExtensionContext) {
    super();
    this.log = this._register(new ExtensionLog());
    this.settings = this._register(new SettingsService());
    this.profiles = this._register(new ProfileService(this.settings, context.globalState));
    this.keys = this._register(new ApiKeyStore(context.secrets, this.profiles));
    this.client = this._register(new ClientProvider(this.settings, this.profiles, this.keys, this.log));
    this.models = this._register(new ModelService(this.settings, this.profiles, this.client, context.globalState));
    this.usage = this._register(new UsageLedger(path.join(context.globalStorageUri.fsPath, 'usage.json'), context.globalState));
    this.budget = this._register(new BudgetService(this.settings, this.usage, context.globalState, Date.now, (id) => this.profiles.nameOf(id)));
    this.turns = new TurnRunner(this.client, this.models, this.usage, this.log, this.profiles, this.budget);
    this.chat = this._register(new ChatService());
    this.proposals = this._register(new ProposalService(this.log));
    this.agent = this._register(new AgentService());
    this.mentions = this._register(new MentionService(this.keys));
    // The log belongs to everyone, so its command lives with it.
    this._register(vscode.commands.registerCommand(Commands.showLog, () => this.log.show()));
  }
}

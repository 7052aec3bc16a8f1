// Every id the manifest and the code share, in one place. package.json must use the same strings;
// an integration test checks that every command and view here is contributed and registered.

export const EXTENSION_ID = 'tokenhub.tokenhub-vscode';

export const Commands = {
  setApiKey: 'tokenhub.setApiKey',
  clearApiKey: 'tokenhub.clearApiKey',
  selectModel: 'tokenhub.selectModel',
  selectCodeModel: 'tokenhub.selectCodeModel',
  newChat: 'tokenhub.newChat',
  showHistory: 'tokenhub.chat.history',
  exportChat: 'tokenhub.chat.export',
  renameChat: 'tokenhub.chat.rename',
  openChatInEditor: 'tokenhub.chat.openInEditor',
  moveChat: 'tokenhub.chat.move',
  focusChatInput: 'tokenhub.chat.focusInput',
  stopChat: 'tokenhub.chat.stop',
  attachSelection: 'tokenhub.chat.attachSelection',
  attachFile: 'tokenhub.chat.attachFile',
  explainSelection: 'tokenhub.explainSelection',
  refactorSelection: 'tokenhub.refactorSelection',
  fixSelection: 'tokenhub.fixSelection',
  documentSelection: 'tokenhub.documentSelection',
  writeTests: 'tokenhub.writeTests',
  askSelection: 'tokenhub.askSelection',
  applyProposal: 'tokenhub.proposal.apply',
  discardProposal: 'tokenhub.proposal.discard',
  refreshModels: 'tokenhub.models.refresh',
  filterModels: 'tokenhub.models.filter',
  clearModelFilter: 'tokenhub.models.clearFilter',
  useModelForChat: 'tokenhub.models.useForChat',
  useModelForCode: 'tokenhub.models.useForCode',
  addFavorite: 'tokenhub.models.addFavorite',
  removeFavorite: 'tokenhub.models.removeFavorite',
  copyModelId: 'tokenhub.models.copyId',
  generateImage: 'tokenhub.generateImage',
  generateVideo: 'tokenhub.generateVideo',
  refreshGenerations: 'tokenhub.generations.refresh',
  openGeneration: 'tokenhub.generations.open',
  cancelGeneration: 'tokenhub.generations.cancel',
  removeGeneration: 'tokenhub.generations.remove',
  manageLanguageModels: 'tokenhub.manage',
  showLog: 'tokenhub.showLog',
  showUsage: 'tokenhub.showUsage',
  setProfileBudget: 'tokenhub.budget.setForProfile',
  showAgentRules: 'tokenhub.agent.showRules',
  manageProfiles: 'tokenhub.profiles.manage',
  addProfile: 'tokenhub.profiles.add',
  editProfile: 'tokenhub.profiles.edit',
  testProfile: 'tokenhub.profiles.test',
  removeProfile: 'tokenhub.profiles.remove',
  exportProfiles: 'tokenhub.profiles.export',
  importProfiles: 'tokenhub.profiles.import',
  approveProfile: 'tokenhub.profiles.approve',
  toggleCompletions: 'tokenhub.completions.toggle',
  selectCompletionModel: 'tokenhub.completions.selectModel',
  toggleCompletionsForLanguage: 'tokenhub.completions.toggleLanguage',
} as const;
export type CommandId = (typeof Commands)[keyof typeof Commands];

export const Views = {
  container: 'tokenhub',
  chat: 'tokenhub.chat',
  models: 'tokenhub.models',
  generations: 'tokenhub.generations',
  usage: 'tokenhub.usage',
} as const;

/** Webview panels (editor tabs): the chat opened in an editor. */
export const WebviewPanels = {
  chat: 'tokenhub.chatPanel',
} as const;

/** Settings, relative to the `tokenhub` section. */
export const Settings = {
  section: 'tokenhub',
  baseUrl: 'baseUrl',
  chatModel: 'chatModel',
  codeModel: 'codeModel',
  imageModel: 'imageModel',
  videoModel: 'videoModel',
  favoriteModels: 'favoriteModels',
  connectTimeout: 'network.connectTimeoutSeconds',
  headersTimeout: 'network.responseTimeoutSeconds',
  idleTimeout: 'network.idleTimeoutSeconds',
  maxRetries: 'network.maxRetries',
  proxy: 'network.proxy',
  /** PEM files of certificate authorities to trust besides Node's and the operating system's. */
  caCertificates: 'network.caCertificates',
  /** Gateway profiles besides the default one (user settings; a workspace's need approval). */
  profiles: 'profiles',
  systemPrompt: 'chat.systemPrompt',
  temperature: 'chat.temperature',
  maxTokens: 'chat.maxTokens',
  showPromptSizeAbove: 'chat.showPromptSizeAbove',
  confirmPromptCostAbove: 'chat.confirmPromptCostAbove',
  codeQuestionConversation: 'chat.codeQuestions',
  showStatusBar: 'statusBar.enabled',
  mediaFolder: 'media.folder',
  videoTimeoutMinutes: 'media.videoTimeoutMinutes',
  agentMaxSteps: 'agent.maxSteps',
  agentMaxCost: 'agent.maxCostPerTask',
  agentAutoApply: 'agent.autoApply',
  agentAllowedCommands: 'agent.allowedCommands',
  agentCommandTimeout: 'agent.commandTimeoutSeconds',
  agentProjectRules: 'agent.projectRules',
  agentExternalTools: 'agent.externalTools',
  completionsEnabled: 'completions.enabled',
  completionModel: 'completions.model',
  completionLanguages: 'completions.languages',
  completionDailyLimit: 'completions.dailyLimit',
  completionAllowUntrusted: 'completions.allowUntrustedWorkspaces',
  budgetDaily: 'budget.daily',
  budgetMonthly: 'budget.monthly',
  /** Profiles' own budgets: profile id → `{ daily, monthly }`. */
  budgetProfiles: 'budget.profiles',
} as const;

export const ContextKeys = {
  hasApiKey: 'tokenhub.hasApiKey',
  isStreaming: 'tokenhub.chat.streaming',
  modelFilterActive: 'tokenhub.models.filterActive',
  proposalActive: 'tokenhub.proposalActive',
  /** Some proposal is under review (Apply and Discard are in the palette then). */
  hasProposals: 'tokenhub.hasProposals',
} as const;

/** Names under which state is stored (never the key: that lives only in SecretStorage). */
export const StorageKeys = {
  /** The default profile's key (every earlier build's); another profile's is `apiKey/<profile id>`. */
  apiKeySecret: 'tokenhub.apiKey',
  /** The origin each profile's key was set for, `keyOrigin/<profile id>`: a key is sent nowhere else. */
  keyOriginSecret: 'tokenhub.keyOrigin',
  recentModels: 'tokenhub.recentModels',
  recentInstructions: 'tokenhub.recentInstructions',
  pendingVideoTasks: 'tokenhub.pendingVideoTasks',
  mediaHistory: 'tokenhub.mediaHistory',
  /** The default profile's cached model list; another profile's is `modelCache/<profile id>`. */
  modelCache: 'tokenhub.modelCache',
  /** Hashes of the base URLs of workspace-defined profiles the user approved (src/core/profiles/profiles.ts). */
  approvedProfiles: 'tokenhub.approvedProfiles',
  firstAnswerShown: 'tokenhub.firstAnswerShown',
  /** Usage totals per day × model × source and the latest records (src/core/usage/usageTotals.ts). */
  usage: 'tokenhub.usage',
  /** Earlier builds' usage ledger, one raw record per request: migrated into `usage`, then removed. */
  legacyUsageLedger: 'tokenhub.usageLedger',
  /** Which budget warnings were given (`*|day|2025-05-01|2` for the main budget, `<profile>|…` for a profile's own): once per period and limit, also across reloads. */
  budgetWarned: 'tokenhub.budget.warned',
  /** The chat view's open conversation (its id; the conversations are files in globalStorage). */
  currentConversation: 'tokenhub.chat.currentConversation',
  /** Inline completions: the user has been told what they cost (the first-use prompt). */
  completionCostShown: 'tokenhub.completions.costShown',
} as const;

/** VS Code's own chat: the language-model vendor and the `@tokenhub` participant (package.json uses both). */
export const NativeChatIds = {
  vendor: 'tokenhub',
  participant: 'tokenhub.participant',
} as const;

export const DEFAULT_BASE_URL = 'https://tokenhub.store/api/v1';
export const API_KEY_ENV = 'TOKENHUB_API_KEY';

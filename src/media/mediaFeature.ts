import * as vscode from 'vscode';
import { Disposable } from '../platform/lifecycle';
import { Commands, Views } from '../platform/ids';
import type { Services } from '../platform/services';
import type { SlashCommandHandler } from '../platform/chatService';
import type { VideoTask } from '../core/api/types';
import type { TokenHubApi } from '../core/client/api';
import type { BackoffSchedule, Clock } from '../core/media/polling';
import { DEFAULT_BACKOFF, realClock } from '../core/media/polling';
import type { GenerationRecord } from '../core/media/records';
import { tasksToResume } from '../core/media/records';
import { GenerationStore } from './generationStore';
import { GenerationsCommands, idArg } from './generationsCommands';
import { GenerationsTreeProvider } from './generationsView';
import type { ImageGeneration } from './imageGeneration';
import { MediaContext } from './mediaContext';
import { MediaFiles } from './mediaFiles';
import type { GenerateImageArgs, GenerateVideoArgs } from './mediaParams';
import { imageSlashCommand, videoSlashCommand } from './mediaSlashCommands';
import type { VideoGeneration } from './videoGeneration';
import type { VideoTasks } from './videoTasks';
import type * as GenerationCodeModule from './generationCode';

type GenerationCode = typeof GenerationCodeModule;
let generationCode: GenerationCode | undefined;

/** Loaded on the first generation, not at activation (./generationCode.ts). */
function loadGenerationCode(): GenerationCode {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (generationCode ??= require('./generationCode') as GenerationCode);
}

export interface MediaFeatureOptions {
  /** Poll delays (tests use milliseconds instead of seconds). */
  schedule?: BackoffSchedule;
  clock?: Clock;
  /** The client to use instead of `services.client` (tests wrap it to break downloads). */
  client?: TokenHubApi;
  /** The largest video accepted (default MAX_DOWNLOAD_BYTES; tests use a small one). */
  maxVideoBytes?: number;
  /** Resume stored pending tasks on construction, as after a reload (default true). */
  resumeOnStart?: boolean;
  /**
   * Register commands, the Generations view and `/image` (default true). A second instance in a
   * test (a simulated reload) runs without them, since ids can be registered only once.
   */
  registerContributions?: boolean;
}

/**
 * Image and video generation: the two commands, `/image` and `/video` in the chat, the
 * Generations view, and video tasks that are polled with back-off and resumed after a reload.
 * This class only wires the parts together and owns what they register.
 */
export class MediaFeature extends Disposable {
  private readonly ctx: MediaContext;
  private readonly store: GenerationStore;
  private loadedTasks: VideoTasks | undefined;
  private schedule: BackoffSchedule;
  private readonly maxVideoBytes: number | undefined;
  private madeImages: ImageGeneration | undefined;
  private madeVideos: VideoGeneration | undefined;
  private readonly commands: GenerationsCommands;
  /** Every state of every video task as the gateway reports it (creation, then each poll). */
  private readonly _onDidUpdateTask = this._register(new vscode.EventEmitter<VideoTask>());
  readonly onDidUpdateTask = this._onDidUpdateTask.event;
  readonly generationsProvider: GenerationsTreeProvider;
  /** The `/image <prompt>` chat command (registered with the chat; exposed for tests). */
  readonly imageSlashCommand: SlashCommandHandler;
  /** The `/video <prompt>` chat command. */
  readonly videoSlashCommand: SlashCommandHandler;

  private get images(): ImageGeneration {
    return (this.madeImages ??= new (loadGenerationCode().ImageGeneration)(this.ctx));
  }

  private get videos(): VideoGeneration {
    return (this.madeVideos ??= new (loadGenerationCode().VideoGeneration)(this.ctx, this.tasks));
  }

  /** Polling and downloading video tasks: loaded with the first video, or a stored one to resume. */
  private get tasks(): VideoTasks {
    if (this.loadedTasks) return this.loadedTasks;
    const code = loadGenerationCode();
    // Disposed before the store: polling stops (the tasks stay stored) when the window goes.
    const tasks = this._register(new code.VideoTasks(this.ctx, this.schedule, this.maxVideoBytes ?? code.MAX_DOWNLOAD_BYTES));
    this._register(tasks.onDidUpdateTask((t) => this._onDidUpdateTask.fire(t)));
    return (this.loadedTasks = tasks);
  }

  constructor(services: Services, options: MediaFeatureOptions = {}) {
    super();
    this.store = this._register(new GenerationStore(services.context.globalState));
    const files = new MediaFiles(services.settings, vscode.Uri.joinPath(services.context.globalStorageUri, 'media'));
    this.ctx = new MediaContext(services, options.client ?? services.client, this.store, files, options.clock ?? realClock);
    this.generationsProvider = this._register(new GenerationsTreeProvider(this.store));
    this.schedule = options.schedule ?? DEFAULT_BACKOFF;
    this.maxVideoBytes = options.maxVideoBytes;
    this.commands = new GenerationsCommands(this.ctx, () => this.tasks);
    this.imageSlashCommand = imageSlashCommand(this.ctx, () => this.images);
    this.videoSlashCommand = videoSlashCommand(() => this.videos);

    if (options.registerContributions !== false) {
      this._register(vscode.window.createTreeView(Views.generations, { treeDataProvider: this.generationsProvider }));
      this._register(vscode.commands.registerCommand(Commands.generateImage, (args?: GenerateImageArgs) => this.generateImage(args)));
      this._register(vscode.commands.registerCommand(Commands.generateVideo, (args?: GenerateVideoArgs) => this.generateVideo(args)));
      this._register(
        vscode.commands.registerCommand(Commands.refreshGenerations, () => {
          this.generationsProvider.refresh();
          void this.resume();
        }),
      );
      this._register(vscode.commands.registerCommand(Commands.openGeneration, (arg?: unknown) => this.open(idArg(arg))));
      this._register(vscode.commands.registerCommand(Commands.cancelGeneration, (arg?: unknown) => this.cancel(idArg(arg))));
      this._register(vscode.commands.registerCommand(Commands.removeGeneration, (arg?: unknown) => this.remove(idArg(arg))));
      this._register(services.chat.registerSlashCommand('image', this.imageSlashCommand));
      this._register(services.chat.registerSlashCommand('video', this.videoSlashCommand));
    }
    if (options.resumeOnStart !== false) void this.resume();
  }

  /** Every generation in the list, newest first. */
  get generations(): GenerationRecord[] {
    return this.store.all;
  }

  /** Changes how fast tasks are polled (tests: milliseconds). Applies to polls started later. */
  setPolling(schedule: BackoffSchedule, clock?: Clock): void {
    this.schedule = schedule;
    if (this.loadedTasks) this.loadedTasks.schedule = schedule;
    if (clock) this.ctx.clock = clock;
  }

  /** Replaces the confirm step (tests answer it instead of a person); returns the one it replaced. */
  setConfirm(confirm: MediaContext['confirm']): MediaContext['confirm'] {
    const previous = this.ctx.confirm;
    this.ctx.confirm = confirm;
    return previous;
  }

  /** Resolves when every task this instance is polling has ended. */
  whenIdle(): Promise<void> {
    return this.loadedTasks?.whenIdle() ?? Promise.resolve();
  }

  generateImage(args?: GenerateImageArgs): Promise<vscode.Uri[]> {
    return this.images.generate(args);
  }

  generateVideo(args?: GenerateVideoArgs): Promise<vscode.Uri[]> {
    return this.videos.generate(args);
  }

  /** Resumes the stored pending video tasks (on activation, and from Refresh). */
  resume(): Promise<void> {
    // With none stored there is nothing to poll: the tasks' code need not load.
    if (!this.loadedTasks && !tasksToResume(this.store.all).length) return Promise.resolve();
    return this.tasks.resume();
  }

  open(id: string | undefined): Promise<void> {
    return this.commands.open(id);
  }

  cancel(id: string | undefined): Promise<void> {
    return this.commands.cancel(id);
  }

  remove(id: string | undefined): Promise<void> {
    return this.commands.remove(id);
  }
}

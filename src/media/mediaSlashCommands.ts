import * as vscode from 'vscode';
import type { SlashCommandHandler } from '../platform/chatService';
import type { ImageGeneration } from './imageGeneration';
import { USER_CANCELLED } from './mediaContext';
import type { MediaContext } from './mediaContext';
import { describeMediaFailure, shortPrompt } from './mediaMessages';
import type { VideoGeneration } from './videoGeneration';
import { DEFAULT_VIDEO_SECONDS } from './mediaParams';

/** Alt text for markdown: no brackets or line breaks that would end it early. */
function markdownAlt(text: string): string {
  return shortPrompt(text, 100).replace(/[[\]\\]/g, (c) => `\\${c}`);
}

/** `/image <prompt>` in the chat: one image, answered with markdown that shows the saved file. */
export function imageSlashCommand(ctx: MediaContext, imageGeneration: () => ImageGeneration): SlashCommandHandler {
  return {
    description: vscode.l10n.t('Generate an image from a prompt'),
    run: async (args, progress, token) => {
      const prompt = args.trim();
      if (!prompt) return { markdown: vscode.l10n.t('Write what to draw after /image, for example: /image a lighthouse at dawn, watercolour') };
      const controller = new AbortController();
      const sub = token.onCancellationRequested(() => controller.abort(USER_CANCELLED));
      try {
        const images = imageGeneration();
        const params = images.withDefaults({ prompt, n: 1 });
        // One image: no confirm step (its price shows with it), but the budget is weighed.
        if ((await images.approve(params, false, controller.signal)) !== 'ok') return { markdown: controller.signal.aborted ? vscode.l10n.t('Cancelled.') : vscode.l10n.t('Not generated: the budget is reached.') };
        progress(vscode.l10n.t('Generating an image with {0}…', params.model));
        const uris = await images.create(params, controller.signal);
        // Local file URIs: the chat view serves them to the webview with asWebviewUri, so the
        // picture shown is the saved file, never the gateway's remote URL.
        return { markdown: uris.map((u) => `![${markdownAlt(prompt)}](${u.toString()})`).join('\n\n'), files: uris };
      } catch (e) {
        if (controller.signal.aborted) return { markdown: vscode.l10n.t('Cancelled.') };
        return { markdown: describeMediaFailure(e, ctx.timeoutMinutes) };
      } finally {
        sub.dispose();
      }
    },
  };
}

/** `/video <prompt>` in the chat: cancelling the chat request leaves the task running (the Generations view shows it). */
export function videoSlashCommand(videoGeneration: () => VideoGeneration): SlashCommandHandler {
  return {
    description: vscode.l10n.t('Generate a video from a prompt'),
    run: async (args, progress, token) => {
      const prompt = args.trim();
      if (!prompt) return { markdown: vscode.l10n.t('Describe the video after /video.') };
      let sub: vscode.Disposable | undefined;
      const cancelled = new Promise<'cancelled'>((resolve) => (sub = token.onCancellationRequested(() => resolve('cancelled'))));
      try {
        const videos = videoGeneration();
        // A video costs dollars: the confirm step says how many before the task is created.
        const params = videos.withDefaults({ prompt, duration: DEFAULT_VIDEO_SECONDS });
        const approval = await Promise.race([videos.approve(params, true), cancelled]);
        if (approval === 'cancelled') return { markdown: vscode.l10n.t('Cancelled.') };
        if (approval !== 'ok') return { markdown: approval === 'budget' ? vscode.l10n.t('Not generated: the budget is reached.') : vscode.l10n.t('Not generated.') };
        progress(vscode.l10n.t('Generating a video. It also shows in the Generations view.'));
        const result = await Promise.race([videos.generate(params, true), cancelled]);
        if (result === 'cancelled') return { markdown: vscode.l10n.t('The video goes on generating; the Generations view shows it when it is done.') };
        if (result.length === 0) return { markdown: vscode.l10n.t('No video was made; the notification says why.') };
        return { markdown: vscode.l10n.t('The video is saved in the workspace.'), files: result };
      } finally {
        sub?.dispose();
      }
    },
  };
}

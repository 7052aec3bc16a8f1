import type * as vscode from 'vscode';

/** Arguments of `tokenhub.generateImage`; with a `prompt` the command asks nothing. */
export interface GenerateImageArgs {
  prompt?: string;
  model?: string;
  size?: string;
  n?: number;
  responseFormat?: 'b64_json' | 'url';
  /** Open the saved images (default true). */
  open?: boolean;
  /** Ask first, with the price (default: only when the command asks for the prompt itself). */
  confirm?: boolean;
}

/** Arguments of `tokenhub.generateVideo`; with a `prompt` the command asks nothing. */
export interface GenerateVideoArgs {
  prompt?: string;
  model?: string;
  duration?: number;
  resolution?: string;
  aspectRatio?: string;
  /** An image in the workspace: a Uri, a URI string, an absolute path or a workspace-relative path. */
  firstFrame?: vscode.Uri | string;
  lastFrame?: vscode.Uri | string;
  /** Open and reveal the saved video (default true). */
  open?: boolean;
  /** Ask first, with the price (default: only when the command asks for the prompt itself). */
  confirm?: boolean;
}

/** Image arguments once the prompt and model are settled. */
export type ImageParams = GenerateImageArgs & { prompt: string; model: string };
/** Video arguments once the prompt and model are settled. */
export type VideoParams = GenerateVideoArgs & { prompt: string; model: string };

// Used when neither the arguments nor the user's current choice name a model.
export const DEFAULT_IMAGE_MODEL = 'bytedance/doubao-seedream-5.0';
export const DEFAULT_VIDEO_MODEL = 'bytedance/doubao-seedance-2.0';
/** The length `/video` asks for (the docs' example), so its price is known before it is sent. */
export const DEFAULT_VIDEO_SECONDS = 5;

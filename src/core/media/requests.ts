import type { ImageRequest, VideoContentItem, VideoRequest } from '../api/types';
import { MediaError } from './errors';

// The choices the pickers offer. The docs' own examples come first (001: 2048x2048; 5 s, 720p,
// 16:9); Kling allows 3-15 s, so the durations span that.
export const IMAGE_SIZES = ['2048x2048', '1024x1024', '2560x1440', '1440x2560', '2304x1728', '1728x2304', '1024x1536', '1536x1024'] as const;
export const IMAGE_COUNTS = [1, 2, 3, 4] as const;
export const MAX_IMAGE_COUNT = 10;
export const VIDEO_DURATIONS = [5, 10, 3, 8, 15] as const;
export const VIDEO_RESOLUTIONS = ['720p', '1080p', '480p'] as const;
export const VIDEO_ASPECT_RATIOS = ['16:9', '9:16', '1:1', '4:3', '3:4', '21:9'] as const;
/** A frame is sent inline; beyond this the request body would be larger than gateways accept. */
export const MAX_FRAME_BYTES = 10 * 1024 * 1024;

export interface ImageParams {
  prompt: string;
  model: string;
  size?: string;
  n?: number;
  responseFormat?: 'b64_json' | 'url';
}

const SIZE_RE = /^(\d{2,5}x\d{2,5}|[1-8]k)$/i;

export function isValidImageSize(size: string): boolean {
  return SIZE_RE.test(size.trim());
}

export function buildImageRequest(p: ImageParams): ImageRequest {
  const prompt = p.prompt.trim();
  if (!prompt) throw new MediaError('badInput', 'empty prompt');
  if (!p.model.trim()) throw new MediaError('badInput', 'no model');
  const req: ImageRequest = { model: p.model.trim(), prompt };
  if (p.n !== undefined) {
    if (!Number.isInteger(p.n) || p.n < 1 || p.n > MAX_IMAGE_COUNT) throw new MediaError('badInput', `count must be 1..${MAX_IMAGE_COUNT}`);
    req.n = p.n;
  }
  if (p.size !== undefined && p.size.trim()) {
    if (!isValidImageSize(p.size)) throw new MediaError('badInput', `bad size ${p.size}`);
    req.size = p.size.trim();
  }
  if (p.responseFormat) req.response_format = p.responseFormat;
  return req;
}

export interface FrameImage {
  bytes: Uint8Array;
  mime: string;
}

export interface VideoParams {
  prompt: string;
  model: string;
  duration?: number;
  resolution?: string;
  aspectRatio?: string;
  firstFrame?: FrameImage;
  lastFrame?: FrameImage;
}

export function toDataUri(bytes: Uint8Array, mime: string): string {
  return `data:${mime};base64,${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')}`;
}

function frame(f: FrameImage, role: VideoContentItem['role']): VideoContentItem {
  if (!/^image\//.test(f.mime)) throw new MediaError('badInput', `frame is not an image (${f.mime})`);
  if (f.bytes.byteLength > MAX_FRAME_BYTES) throw new MediaError('tooLarge', `frame of ${f.bytes.byteLength} bytes`);
  return { type: 'image_url', image_url: { url: toDataUri(f.bytes, f.mime) }, role };
}

export function buildVideoRequest(p: VideoParams): VideoRequest {
  const prompt = p.prompt.trim();
  if (!prompt) throw new MediaError('badInput', 'empty prompt');
  if (!p.model.trim()) throw new MediaError('badInput', 'no model');
  const req: VideoRequest = { model: p.model.trim(), prompt };
  if (p.duration !== undefined) {
    if (!Number.isFinite(p.duration) || p.duration <= 0 || p.duration > 60) throw new MediaError('badInput', `bad duration ${p.duration}`);
    req.duration = p.duration;
  }
  if (p.resolution) req.resolution = p.resolution;
  if (p.aspectRatio) req.aspect_ratio = p.aspectRatio;
  const content: VideoContentItem[] = [];
  if (p.firstFrame) content.push(frame(p.firstFrame, 'first_frame'));
  if (p.lastFrame) content.push(frame(p.lastFrame, 'last_frame'));
  if (content.length) req.content = content;
  return req;
}

/** The charge for a video where the gateway does not report it: price per second × seconds. */
export function estimateVideoCost(unitPrice: { amount: number; unit: 'image' | 'second' } | undefined, duration: number | undefined): number | undefined {
  if (!unitPrice || unitPrice.unit !== 'second' || !duration) return undefined;
  return unitPrice.amount * duration;
}

export function estimateImageCost(unitPrice: { amount: number; unit: 'image' | 'second' } | undefined, count: number): number | undefined {
  if (!unitPrice || unitPrice.unit !== 'image') return undefined;
  return unitPrice.amount * count;
}

import type { ImageResult, Usage, VideoStatus, VideoTask } from '../api/types';

// The answers of the media endpoints, read in the documented shape and the common variants of
// other gateways.

/** Reads `POST /images/generations`: each image as base64 or a URL, the usage and the charge where given. */
export function imageResultFromJson(json: { data?: { b64_json?: string; url?: string; revised_prompt?: string }[]; usage?: Record<string, number>; cost?: number }): ImageResult {
  const images = (json.data ?? []).map((d) => {
    const img: ImageResult['images'][number] = {};
    if (typeof d.b64_json === 'string') img.b64_json = d.b64_json;
    if (typeof d.url === 'string') img.url = d.url;
    if (typeof d.revised_prompt === 'string') img.revised_prompt = d.revised_prompt;
    return img;
  });
  const u = json.usage;
  const usage: Usage | null =
    u && typeof u === 'object'
      ? {
          prompt_tokens: u.prompt_tokens ?? u.input_tokens ?? 0,
          completion_tokens: u.completion_tokens ?? u.output_tokens ?? 0,
          total_tokens: u.total_tokens,
          ...(typeof u.cost === 'number' ? { cost: u.cost } : {}),
        }
      : null;
  const result: ImageResult = { images, usage };
  const cost = typeof json.cost === 'number' ? json.cost : typeof u?.cost === 'number' ? u.cost : undefined;
  if (cost !== undefined) result.cost = cost;
  return result;
}

const STATUS: Record<string, VideoStatus> = {
  queued: 'queued',
  pending: 'queued',
  submitted: 'queued',
  not_start: 'queued',
  running: 'running',
  processing: 'running',
  in_progress: 'running',
  generating: 'running',
  succeeded: 'succeeded',
  success: 'succeeded',
  completed: 'succeeded',
  done: 'succeeded',
  failed: 'failed',
  failure: 'failed',
  error: 'failed',
  cancelled: 'failed',
  canceled: 'failed',
  expired: 'failed',
};

/** Reads a video task in the documented shape (001) and the common variants of other gateways. */
export function videoTaskFromJson(json: Record<string, unknown>, model: string): VideoTask {
  const rawStatus = String(json.status ?? json.state ?? 'queued').toLowerCase();
  const status = STATUS[rawStatus] ?? 'running';
  const data = json.data as Record<string, unknown>[] | Record<string, unknown> | undefined;
  const first = Array.isArray(data) ? data[0] : data;
  const content = json.content as Record<string, unknown> | undefined;
  const url = first?.video_url ?? first?.url ?? json.video_url ?? content?.video_url ?? json.url;
  const err = json.error;
  const task: VideoTask = {
    id: String(json.id ?? json.task_id ?? ''),
    model: String(json.model ?? model),
    status,
  };
  if (typeof url === 'string') task.videoUrl = url;
  const errText = typeof err === 'string' ? err : err && typeof err === 'object' ? (err as { message?: unknown }).message : json.fail_reason;
  if (typeof errText === 'string' && errText) task.error = errText;
  else if (status === 'failed') task.error = 'The video could not be generated.';
  if (typeof json.cost === 'number') task.cost = json.cost;
  const p = json.progress;
  if (typeof p === 'number') task.progress = p;
  else if (typeof p === 'string' && /^\d+%?$/.test(p)) task.progress = Number(p.replace('%', ''));
  return task;
}

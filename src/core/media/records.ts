import type { VideoStatus } from '../api/types';
import { formatCost as formatUsd } from '../pricing';

// What the Generations list shows and what survives a reload. Pending video tasks are stored on
// their own (the resume state, read on activation); finished ones form a capped history.

export type GenerationStatus = 'pending' | 'done' | 'failed' | 'cancelled';

export interface GenerationRecord {
  /** The gateway's task id for videos; a local id for images. */
  id: string;
  kind: 'image' | 'video';
  status: GenerationStatus;
  model: string;
  prompt: string;
  /** ms since epoch: when the request was sent (a resumed task keeps its deadline from it). */
  createdAt: number;
  finishedAt?: number;
  /** The gateway's last state of a video task (`queued`, `running`...). */
  taskState?: VideoStatus;
  progress?: number;
  /** The folder the result goes to (a URI string), fixed when the task starts. */
  folder?: string;
  /** Saved files (URI strings). */
  files: string[];
  /** USD, where the gateway reports it (or the catalogue's unit price gives it). */
  cost?: number;
  /** The reason of a failure, in the words the user saw. */
  error?: string;
  /** Video parameters, shown in the tooltip. */
  duration?: number;
  resolution?: string;
  aspectRatio?: string;
}

export const MAX_HISTORY = 200;

const STATUSES: readonly GenerationStatus[] = ['pending', 'done', 'failed', 'cancelled'];

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Reads stored records defensively: state written by another version may be anything. */
export function parseRecords(raw: unknown): GenerationRecord[] {
  if (!Array.isArray(raw)) return [];
  const out: GenerationRecord[] = [];
  for (const r of raw) {
    if (!r || typeof r !== 'object') continue;
    const o = r as Record<string, unknown>;
    const id = str(o.id);
    const kind = o.kind === 'image' || o.kind === 'video' ? o.kind : undefined;
    const status = STATUSES.includes(o.status as GenerationStatus) ? (o.status as GenerationStatus) : undefined;
    const createdAt = num(o.createdAt);
    if (!id || !kind || !status || createdAt === undefined) continue;
    const rec: GenerationRecord = {
      id,
      kind,
      status,
      model: str(o.model) ?? '',
      prompt: str(o.prompt) ?? '',
      createdAt,
      files: Array.isArray(o.files) ? o.files.filter((f): f is string => typeof f === 'string') : [],
    };
    const optional: Partial<GenerationRecord> = {
      finishedAt: num(o.finishedAt),
      taskState: ['queued', 'running', 'succeeded', 'failed'].includes(o.taskState as string) ? (o.taskState as VideoStatus) : undefined,
      progress: num(o.progress),
      folder: str(o.folder),
      cost: num(o.cost),
      error: str(o.error),
      duration: num(o.duration),
      resolution: str(o.resolution),
      aspectRatio: str(o.aspectRatio),
    };
    for (const [k, v] of Object.entries(optional)) if (v !== undefined) (rec as unknown as Record<string, unknown>)[k] = v;
    out.push(rec);
  }
  return out;
}

/** Splits the list for storage: the pending video tasks (resume state) and the history. */
export function splitForStorage(records: readonly GenerationRecord[]): { pending: GenerationRecord[]; history: GenerationRecord[] } {
  const pending = records.filter((r) => r.status === 'pending' && r.kind === 'video');
  // A pending image request cannot outlive the window that sent it: it is not stored.
  const history = records.filter((r) => r.status !== 'pending');
  return { pending, history: history.slice(0, MAX_HISTORY) };
}

/** Joins stored pending tasks and history into one list, newest first, each id once. */
export function mergeStored(pending: unknown, history: unknown): GenerationRecord[] {
  const seen = new Set<string>();
  const out: GenerationRecord[] = [];
  for (const r of [...parseRecords(pending).filter((p) => p.status === 'pending'), ...parseRecords(history)]) {
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    out.push(r);
  }
  return out.sort((a, b) => b.createdAt - a.createdAt);
}

/** Inserts or replaces by id (newest first). */
export function upsert(records: readonly GenerationRecord[], rec: GenerationRecord): GenerationRecord[] {
  const rest = records.filter((r) => r.id !== rec.id);
  return [rec, ...rest].sort((a, b) => b.createdAt - a.createdAt);
}

export function removeRecord(records: readonly GenerationRecord[], id: string): GenerationRecord[] {
  return records.filter((r) => r.id !== id);
}

/** The tasks to resume on activation: pending video tasks with a task id. */
export function tasksToResume(records: readonly GenerationRecord[]): GenerationRecord[] {
  return records.filter((r) => r.kind === 'video' && r.status === 'pending');
}

/** A known cost as every other view shows it (`src/core/pricing.ts`); undefined when unknown. */
export function formatCost(cost: number | undefined): string | undefined {
  return cost === undefined || !Number.isFinite(cost) ? undefined : formatUsd(cost);
}

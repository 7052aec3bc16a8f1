import { providerOf } from './builtin';
import { modelKey } from './modelIds';
import type { ModelInfo, ModelKind } from './types';

// Which model a user's id means, and the known ids closest to one that means none.

/** The model a user's id means: exact, then case-insensitive, then with or without prefix. */
export function findModel(models: readonly ModelInfo[], id: string): ModelInfo | undefined {
  const wanted = id.trim();
  if (!wanted) return undefined;
  const exact = models.find((m) => m.id === wanted);
  if (exact) return exact;
  const lower = wanted.toLowerCase();
  const ci = models.find((m) => m.id.toLowerCase() === lower);
  if (ci) return ci;
  const key = modelKey(wanted);
  const prefix = wanted.includes('/') ? providerOf(wanted) : undefined;
  const sameKey = models.filter((m) => modelKey(m.id) === key);
  // `openai/gpt-4.1` must not match `azure/gpt-4.1` when both exist; a bare id takes the first.
  if (prefix) return sameKey.find((m) => m.provider === prefix) ?? (sameKey.length === 1 && !sameKey[0].id.includes('/') ? sameKey[0] : undefined);
  return sameKey[0];
}

export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (!a.length) return b.length;
  if (!b.length) return a.length;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  let cur = new Array<number>(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length];
}

/** The known ids closest to an unknown one (edit distance on the prefix-less key; containment counts as close). */
export function suggestModelIds(models: readonly ModelInfo[], id: string, max = 3, kind?: ModelKind): string[] {
  const key = modelKey(id);
  if (!key) return [];
  const scored = models
    .filter((m) => !kind || m.kind === kind)
    .map((m) => {
      const k = modelKey(m.id);
      let d = editDistance(key, k);
      if (k.includes(key) || key.includes(k)) d = Math.min(d, Math.abs(k.length - key.length) / 4);
      return { id: m.id, d, rel: d / Math.max(key.length, k.length) };
    })
    // Beyond about half the letters changed a "suggestion" is noise.
    .filter((s) => s.rel <= 0.5)
    .sort((a, b) => a.d - b.d || a.id.localeCompare(b.id));
  return scored.slice(0, max).map((s) => s.id);
}

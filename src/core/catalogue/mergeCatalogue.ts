import type { RawModel } from '../api/types';
import { builtinModels } from './builtin';
import { readRawModel } from './liveModels';
import { guessKind, guessProvider, modelKey, nameFromId, providerDisplayName } from './modelIds';
import type { ModelInfo } from './types';

function withoutUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

/**
 * The catalogue from the live list: one entry per live model (the gateway decides what exists),
 * each filled in from the built-in entry with the same key; live wins where both have a field.
 */
export function mergeCatalogue(live: readonly RawModel[], builtin: readonly ModelInfo[] = builtinModels()): ModelInfo[] {
  const byKey = new Map<string, ModelInfo>();
  for (const b of builtin) if (!byKey.has(modelKey(b.id))) byKey.set(modelKey(b.id), b);
  const out: ModelInfo[] = [];
  const seen = new Set<string>();
  for (const raw of live) {
    if (seen.has(raw.id)) continue;
    seen.add(raw.id);
    const l = readRawModel(raw);
    const b = byKey.get(modelKey(l.id));
    const provider = l.provider ?? b?.provider ?? guessProvider(l.id) ?? '';
    const base: ModelInfo = b ?? {
      id: l.id,
      provider,
      providerName: providerDisplayName(provider),
      name: nameFromId(l.id),
      kind: guessKind(l.id),
      capabilities: { vision: false, tools: false, json: false, reasoning: false },
      source: 'live',
    };
    const { capabilities: liveCaps, provider: _p, ...liveRest } = l;
    out.push({
      ...base,
      ...withoutUndefined(liveRest),
      id: l.id,
      provider,
      providerName: providerDisplayName(provider),
      capabilities: { ...base.capabilities, ...withoutUndefined(liveCaps) },
      source: b ? 'merged' : 'live',
    });
  }
  return out;
}

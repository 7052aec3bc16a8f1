import type { Usage } from './api/types';
import type { ModelInfo } from './catalogue/types';

// Cost and the short numbers the UI shows (prices, costs, token counts, context windows).
// Cost comes from the gateway's `usage.cost` when it sends one (what it actually charged), else
// from usage × the model's prices; unknown prices give `undefined`, never a made-up $0.

export type PricedModel = Pick<ModelInfo, 'inputPrice' | 'outputPrice'>;

/** USD for one answer; undefined when neither the gateway nor the prices tell. */
export function costOf(usage: Usage | null | undefined, model: PricedModel | undefined): number | undefined {
  if (!usage) return undefined;
  if (typeof usage.cost === 'number' && Number.isFinite(usage.cost) && usage.cost >= 0) return usage.cost;
  return estimateCost(usage.prompt_tokens ?? 0, usage.completion_tokens ?? 0, model);
}

/** usage × prices ($ per million tokens). A side with no tokens needs no price. */
export function estimateCost(promptTokens: number, completionTokens: number, model: PricedModel | undefined): number | undefined {
  const p = Math.max(0, promptTokens || 0);
  const c = Math.max(0, completionTokens || 0);
  if (!model) return undefined;
  if (p > 0 && model.inputPrice === undefined) return undefined;
  if (c > 0 && model.outputPrice === undefined) return undefined;
  // No price at all (a side with tokens and no price has been refused above): unknown, even for no tokens.
  if (model.inputPrice === undefined && model.outputPrice === undefined) return undefined;
  return (p * (model.inputPrice ?? 0) + c * (model.outputPrice ?? 0)) / 1_000_000;
}

/** `1.5` → `1.5`, `2.00` → `2`: at most `decimals`, no trailing zeros. */
function trim(n: number, decimals: number): string {
  return n.toFixed(decimals).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
}

/** A price per million tokens: `$3`, `$0.8`, `$0.075`, `$0.28` (without the unit). */
export function formatPrice(perMillion: number): string {
  if (perMillion >= 100) return `$${trim(perMillion, 0)}`;
  if (perMillion >= 1) return `$${trim(perMillion, 2)}`;
  // Three significant digits below a dollar: $0.075, $0.0375.
  return `$${trim(Number(perMillion.toPrecision(3)), 6)}`;
}

/** `$3/M`. */
export function formatPricePerMillion(perMillion: number): string {
  return `${formatPrice(perMillion)}/M`;
}

/** Input and output price: `$3 / $15 per M`; one side missing shows `?`; undefined when both are. */
export function formatPricePair(model: PricedModel & Pick<ModelInfo, 'unitPrice'>): string | undefined {
  if (model.unitPrice) return formatUnitPrice(model.unitPrice);
  if (model.inputPrice === undefined && model.outputPrice === undefined) return undefined;
  const i = model.inputPrice === undefined ? '?' : formatPrice(model.inputPrice);
  const o = model.outputPrice === undefined ? '?' : formatPrice(model.outputPrice);
  return `${i} / ${o} per M`;
}

/** `$0.168/s`, `$0.04/image`. */
export function formatUnitPrice(unitPrice: NonNullable<ModelInfo['unitPrice']>): string {
  return `${formatPrice(unitPrice.amount)}/${unitPrice.unit === 'second' ? 's' : 'image'}`;
}

/**
 * A cost in USD: `$1.23` from a dollar up, else three significant digits (`$0.0123`,
 * `$0.000028`) so small answers do not all read `$0.00`. Exactly zero is `$0.00`.
 */
export function formatCost(usd: number): string {
  if (!Number.isFinite(usd)) return '—';
  const sign = usd < 0 ? '-' : '';
  const a = Math.abs(usd);
  if (a === 0) return '$0.00';
  if (a >= 1) return `${sign}$${a.toFixed(2)}`;
  if (a < 0.000001) return `${sign}<$0.000001`;
  let s = Number(a.toPrecision(3)).toFixed(12).replace(/0+$/, '');
  if (/\.\d$/.test(s)) s += '0';
  if (Number(s) >= 1) s = '1.00';
  return `${sign}$${s}`;
}

/** Token counts: `950`, `1.2k`, `12.3k`, `1.23M`. */
export function formatTokens(n: number): string {
  if (!Number.isFinite(n)) return '—';
  const a = Math.round(Math.abs(n));
  const sign = n < 0 ? '-' : '';
  if (a < 1000) return `${sign}${a}`;
  if (a < 999_950) return `${sign}${trim(a / 1000, 1)}k`;
  return `${sign}${trim(a / 1_000_000, 2)}M`;
}

/** Context windows as the docs write them: `200K`, `205K`, `128K`, `1M`, `2M`, `1.5M`. */
export function formatContextWindow(tokens: number): string {
  if (!Number.isFinite(tokens) || tokens <= 0) return '—';
  if (tokens < 1000) return String(Math.round(tokens));
  if (tokens < 999_500) return `${Math.round(tokens / 1000)}K`;
  // Windows in whole binary millions (Gemini's 2,097,152) are published as "2M".
  if (tokens % 1_048_576 === 0) return `${tokens / 1_048_576}M`;
  return `${trim(tokens / 1_000_000, 1)}M`;
}

import * as vscode from 'vscode';
import type { BudgetLimits } from '../core/usage/budget';
import { formatCost } from '../core/pricing';
import { parseAmount } from '../platform/budgetPrompts';
import type { Services } from '../platform/services';
import { escapeIcons } from '../core/iconText';

/** The command's argument: a profile (its id, `{ profile }`, a node of the Models view), and for scripts and tests the limits themselves (null: none). */
export type ProfileBudgetArg = string | { profile?: unknown; daily?: number | null; monthly?: number | null } | undefined;

export interface ProfileBudgetResult {
  outcome: 'set' | 'cancelled' | 'unknownProfile';
  profile?: string;
  limits?: BudgetLimits;
}

/**
 * "Set Budget…" on a gateway profile (the Models view's profile menu, or the command palette,
 * which asks for the profile): its own daily and monthly limits, counted over its requests only,
 * written to `tokenhub.budget.profiles`. An empty answer removes a limit; Escape changes nothing.
 */
export async function setProfileBudget(services: Services, arg: ProfileBudgetArg): Promise<ProfileBudgetResult> {
  const obj = typeof arg === 'object' && arg ? arg : undefined;
  let id = typeof arg === 'string' ? arg : typeof obj?.profile === 'string' ? obj.profile : obj?.profile && typeof obj.profile === 'object' ? (obj.profile as { id?: unknown }).id : undefined;
  if (id === undefined) {
    const picked = await vscode.window.showQuickPick(
      services.profiles.all.map((p) => ({ label: escapeIcons(p.name), description: limitsText(services.budget.profileLimits(p.id)), id: p.id })),
      { title: vscode.l10n.t('Set the budget of a gateway profile'), placeHolder: vscode.l10n.t('Which profile?') },
    );
    if (!picked) return { outcome: 'cancelled' };
    id = picked.id;
  }
  const profile = typeof id === 'string' ? services.profiles.get(id) : undefined;
  if (!profile) {
    void vscode.window.showErrorMessage(vscode.l10n.t('There is no gateway profile "{0}". Pick one of yours in the Models view.', String(id)));
    return { outcome: 'unknownProfile' };
  }
  const current = services.budget.profileLimits(profile.id);
  let limits: BudgetLimits;
  if (obj && ('daily' in obj || 'monthly' in obj)) {
    limits = { day: positive(obj.daily ?? undefined), month: positive(obj.monthly ?? undefined) };
  } else {
    const day = await askLimit(vscode.l10n.t('Daily budget of {0} (US dollars)', profile.name), current.day);
    if (day === null) return { outcome: 'cancelled' };
    const month = await askLimit(vscode.l10n.t('Monthly budget of {0} (US dollars)', profile.name), current.month);
    if (month === null) return { outcome: 'cancelled' };
    limits = { day, month };
  }
  await services.budget.setProfileLimits(profile.id, limits);
  return { outcome: 'set', profile: profile.id, limits };
}

const positive = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined);

function limitsText(l: BudgetLimits): string {
  if (l.day === undefined && l.month === undefined) return vscode.l10n.t('no budget of its own');
  const parts = [];
  if (l.day !== undefined) parts.push(vscode.l10n.t('{0} a day', formatCost(l.day)));
  if (l.month !== undefined) parts.push(vscode.l10n.t('{0} a month', formatCost(l.month)));
  return parts.join(', ');
}

/** A limit in USD; undefined for none (an empty answer); null when dismissed. */
async function askLimit(title: string, current: number | undefined): Promise<number | undefined | null> {
  const typed = await vscode.window.showInputBox({
    title,
    prompt: vscode.l10n.t('An amount in US dollars, or empty for none. This profile\'s requests count toward it (and toward the main budget, if one is set).'),
    value: current === undefined ? '' : String(current),
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() === '' || parseAmount(v) !== undefined ? undefined : vscode.l10n.t('Write an amount in US dollars, for example 5 or 12.50, or leave it empty for none.')),
  });
  if (typed === undefined) return null;
  return typed.trim() === '' ? undefined : parseAmount(typed);
}

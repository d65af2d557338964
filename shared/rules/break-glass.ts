import { INFORMATION_SHARING_POLICY as POLICY, type TSharedView } from '../config/information-sharing';
import { DomainError } from '../errors';
import type { TCaseBreakGlassRequest, TCaseCard, TCaseReviewBreakGlassRequest } from '../schemas/case';
import type { TRole } from '../schemas/user';
import type { TCaseEventData } from './case-events';
import type { TDecisionContext } from './case-lifecycle';
import { caseViewForRole } from './permissions';

/**
 * Break-glass (R-IG-BREAKGLASS): someone whose view withholds a card's clinical detail opens it, for one
 * card, with a stated reason, for the minutes the policy allows. The same command raises an alert the
 * duty manager sees at once; each use waits for a reviewer's finding.
 */

export function canBreakGlass(role: TRole): boolean {
  const view = caseViewForRole(role);
  return view !== 'none' && (POLICY.breakGlass.fromViews as readonly TSharedView[]).includes(view);
}

export function canReviewBreakGlass(role: TRole): boolean {
  return (POLICY.breakGlass.reviewers as readonly TRole[]).includes(role);
}

/** The alert each use raises: its id is derived from the use, so it is raised once. */
export function breakGlassAlertId(caseId: string, useId: string): string {
  return `${caseId}:break-glass:${useId}`;
}

export function decideBreakGlass(
  card: TCaseCard,
  input: TCaseBreakGlassRequest,
  ctx: TDecisionContext,
): TCaseEventData[] {
  if (!canBreakGlass(ctx.actor.role)) {
    throw new DomainError('FORBIDDEN', 'Your role already sees this card in full, or does not see cards', {
      ruleId: 'R-IG-BREAKGLASS',
    });
  }
  const useId = ctx.newId();
  const until = new Date(ctx.now.getTime() + POLICY.breakGlass.minutes * 60_000).toISOString();
  return [
    { type: 'case.break-glass-opened', data: { useId, reason: input.reason, until } },
    {
      type: 'case.alert-raised',
      data: {
        alertId: breakGlassAlertId(card.id, useId),
        kind: 'break-glass',
        message: `${ctx.actor.name} opened the withheld details of ${card.ref} (break-glass): “${input.reason}”. Review it.`,
      },
    },
  ];
}

export function decideReviewBreakGlass(
  card: TCaseCard,
  input: TCaseReviewBreakGlassRequest,
  ctx: TDecisionContext,
): TCaseEventData[] {
  if (!canReviewBreakGlass(ctx.actor.role)) {
    throw new DomainError('FORBIDDEN', 'Only a duty manager reviews break-glass uses', { ruleId: 'R-IG-BREAKGLASS' });
  }
  const use = card.breakGlass.find((u) => u.id === input.useId);
  if (!use) throw new DomainError('NOT_FOUND', 'No such break-glass use on this card');
  if (use.review) {
    throw new DomainError('RULE_VIOLATION', `Already reviewed by ${use.review.by.name}`, { ruleId: 'R-IG-BREAKGLASS' });
  }
  if (use.by.id === ctx.actor.id) {
    throw new DomainError('RULE_VIOLATION', 'Someone else must review your own use', { ruleId: 'R-IG-BREAKGLASS' });
  }
  const alertId = breakGlassAlertId(card.id, use.id);
  const isAlertOpen = card.alerts.some((a) => a.id === alertId && !a.acknowledgedAt);
  return [
    { type: 'case.break-glass-reviewed', data: { useId: use.id, finding: input.finding, note: input.note } },
    ...(isAlertOpen ? [{ type: 'case.alert-acknowledged' as const, data: { alertId } }] : []),
  ];
}

/** A break-glass alert is closed by reviewing the use, not by acknowledging the alert. */
export function isBreakGlassAlert(card: TCaseCard, alertId: string): boolean {
  return card.alerts.some((a) => a.id === alertId && a.kind === 'break-glass');
}

/** The view a reader has of one card now: their role's, or the clinical view while their break-glass lasts. */
export function cardViewFor(reader: { id: string; role: TRole }, card: TCaseCard, now: Date): TSharedView | 'none' {
  const view = caseViewForRole(reader.role);
  if (view === 'none' || !canBreakGlass(reader.role)) return view;
  const isOpen = card.breakGlass.some((u) => u.by.id === reader.id && new Date(u.until).getTime() > now.getTime());
  return isOpen ? POLICY.breakGlass.toView : view;
}

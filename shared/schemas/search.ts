import { z } from 'zod';
import { ZCaseId, ZInstant } from './common';
import { ZCaseCard, ZOutcomeKind, ZPersonLinkBasis, ZPriority, ZRiskFlags } from './case';
import { ZDetentionOutcome } from './detention';

/** `GET /api/v1/cases/search?q=`: what was typed (at least two characters). */
export const ZCaseSearchQuery = z.object({
  q: z.string().trim().min(2, 'Type at least two characters').max(200),
});

export const ZCaseSearchResponse = z
  .object({
    cards: z.array(ZCaseCard).meta({ description: 'Best match first; open and closed, this area only; redacted' }),
    searched: z.array(z.string()).meta({
      description: 'The fields searched for this reader (labels): a field the role does not read is never searched',
    }),
  })
  .meta({ id: 'CaseSearchResponse' });
export type TCaseSearchResponse = z.infer<typeof ZCaseSearchResponse>;

/** One earlier contact with the same person, on the history strip (R-PERSON-HISTORY). */
export const ZPreviousContact = z
  .object({
    caseId: ZCaseId,
    ref: z.string(),
    status: z.enum(['open', 'contact-lost', 'closed']),
    priority: ZPriority,
    openedAt: ZInstant,
    closedAt: ZInstant.nullable(),
    outcome: ZOutcomeKind.nullable(),
    summary: z.string().nullable(),
    riskFlags: ZRiskFlags,
    detention: z
      .object({
        power: z.enum(['s136', 's135']),
        decidedAt: ZInstant,
        endedAt: ZInstant.nullable(),
        outcome: ZDetentionOutcome.nullable(),
        wasBreached: z.boolean(),
      })
      .nullable(),
    involved: z.array(z.string()).meta({ description: 'Who opened, owned and detained: names and roles' }),
    link: z.enum(['nhs-number', 'confirmed']),
  })
  .meta({ id: 'PreviousContact' });
export type TPreviousContact = z.infer<typeof ZPreviousContact>;

/** A card that may be about the same person, for the operator to confirm or reject (R-PERSON-LINK). */
export const ZLinkSuggestion = z
  .object({
    caseId: ZCaseId,
    ref: z.string(),
    basis: ZPersonLinkBasis,
    openedAt: ZInstant,
    status: z.enum(['open', 'contact-lost', 'closed']),
    name: z.string().nullable(),
    summary: z.string().nullable(),
  })
  .meta({ id: 'LinkSuggestion' });
export type TLinkSuggestion = z.infer<typeof ZLinkSuggestion>;

export const ZPersonHistory = z
  .object({ contacts: z.array(ZPreviousContact), suggestions: z.array(ZLinkSuggestion) })
  .meta({ id: 'PersonHistory' });
export type TPersonHistory = z.infer<typeof ZPersonHistory>;

export const LINK_BASIS_LABELS: Record<z.infer<typeof ZPersonLinkBasis>, string> = {
  'name-and-date-of-birth': 'same name and date of birth',
  phone: 'same phone number',
};

/** `GET /api/v1/cases/closed`: closed cards by when they closed, outcome and owner. */
export const CLOSED_PERIODS = ['shift', '24h', '7d', '30d'] as const;
export const ZClosedCasesQuery = z.object({
  period: z.enum(CLOSED_PERIODS).default('24h'),
  outcome: ZOutcomeKind.optional(),
  owner: z.string().trim().min(1).max(100).optional().meta({ description: 'An account id, or "me"' }),
});
export type TClosedCasesQuery = z.infer<typeof ZClosedCasesQuery>;

export const ZClosedCaseList = z
  .object({ cards: z.array(ZCaseCard), from: ZInstant, to: ZInstant })
  .meta({ id: 'ClosedCaseList' });
export type TClosedCaseList = z.infer<typeof ZClosedCaseList>;

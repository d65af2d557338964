import { z } from 'zod';
import { ZCaseCard } from './case';
import { ZInstant } from './common';
import { ZDeadlines, ZPlaceOfSafety } from './detention';
import { ZHold } from './service';
import { ZRole } from './user';

/**
 * What a receiving service's staff see of the people coming to it (R-LINK-RECEIVING): each card in the
 * view the information-sharing policy gives their role, with how the person is coming and when.
 */
export const INCOMING_STATES = ['expected', 'arrived', 'not-coming', 'left'] as const;
export const ZIncomingState = z.enum(INCOMING_STATES);
export type TIncomingState = z.infer<typeof ZIncomingState>;

export const ZIncomingItem = z
  .object({
    service: z.object({ id: z.uuid(), name: z.string() }),
    state: ZIncomingState,
    /** When the state began: the hold or choice, the arrival, the release or the move elsewhere. */
    since: ZInstant,
    card: ZCaseCard,
    /** The place held here, while it is (null once the person arrived or it ended). */
    hold: ZHold.nullable(),
    /** For a detention: the place of safety as recorded on the card (transport, expected arrival). */
    placeOfSafety: ZPlaceOfSafety.nullable(),
    /** Who is bringing the person: the officer for a detention, otherwise whoever held the place. */
    bringing: z.object({ name: z.string(), role: ZRole.nullable() }).nullable(),
    /** The legal clocks, where the reader's view shares the Mental Health Act record. */
    deadlines: ZDeadlines.nullable(),
  })
  .meta({ id: 'IncomingItem' });
export type TIncomingItem = z.infer<typeof ZIncomingItem>;

export const ZIncomingList = z.object({ items: z.array(ZIncomingItem) }).meta({ id: 'IncomingList' });
export type TIncomingList = z.infer<typeof ZIncomingList>;

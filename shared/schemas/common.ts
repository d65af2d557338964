import { z } from 'zod';

/** Every command carries a client-generated id so a replay (retry, offline outbox) is applied once. */
export const ZCommandId = z.uuid().meta({ description: 'Client-generated UUID; a repeat returns the first result' });

export const ZCaseId = z.uuid();
export type TCaseId = z.infer<typeof ZCaseId>;

/** ISO-8601 instant in UTC. The client renders it in Europe/London. */
export const ZInstant = z.iso.datetime({ offset: true });

/** The version a command was based on; a stale one is rejected with CONFLICT. */
export const ZExpectedVersion = z.int().min(1);

/** Global event sequence; clients remember the last one they applied. */
export const ZSeq = z.int().min(0);

/** Places are counted by category: rooms for adults, and rooms suitable for under-18s. */
export const PLACE_CATEGORIES = ['adult', 'under18'] as const;
export const ZPlaceCategory = z.enum(PLACE_CATEGORIES);
export type TPlaceCategory = z.infer<typeof ZPlaceCategory>;

import { deadlines } from '@shared/rules/detention';
import type { TCaseCard } from '@shared/schemas/case';
import { placeOfSafetyText } from '@shared/schemas/detention';
import type { TUnit } from '@shared/schemas/unit';
import { currentPlace } from '@shared/rules/detention';
import { database } from './device-store';

/**
 * The crew's current job, kept on the tablet so it shows after a reload without signal (issue: "the
 * current job works without signal"). Only what the crew needs at the door — never the whole card, its
 * clinical history or its notes — and only as their role's view gave it. It is encrypted with AES-GCM
 * under a key made on the device as non-extractable, so the page can use it but nothing can read it out,
 * and it is erased on stand-down, on clear, on logout and when the session ends (hazard log H-057).
 */
export interface TJobSheet {
  caseId: string;
  caseRef: string;
  callSign: string;
  savedAt: string;
  address: string | null;
  coordinates: { lat: number; lng: number } | null;
  situation: string | null;
  priority: string | null;
  risks: string[];
  safety: { flags: string[]; note: string | null } | null;
  callbackNumber: string | null;
  /** The legal clocks as deadlines (instants), so they still count down without signal. */
  clocks: { detentionEndsAt: string | null; handoverDueAt: string | null; state: string } | null;
  placeOfSafety: string | null;
}

const RISK_NAMES = {
  toSelf: 'Risk to self',
  toOthers: 'Risk to others',
  fromOthers: 'Risk from others',
  safeguarding: 'Safeguarding',
};
const SAFETY_NAMES = { weapons: 'Weapons', violence: 'Violence', addressHazards: 'Hazards at the address' };

/** The sheet for a unit's job from the card as the crew's view has it. Pure. */
export function jobSheetOf(unit: Pick<TUnit, 'callSign'>, card: TCaseCard, now: Date): TJobSheet {
  const d = card.detention;
  const place = d ? currentPlace(d) : null;
  const clocks = d && !d.outcome ? deadlines(d, now) : null;
  return {
    caseId: card.id,
    caseRef: card.ref,
    callSign: unit.callSign,
    savedAt: now.toISOString(),
    address: card.location?.description ?? null,
    coordinates: card.location?.coordinates ?? null,
    situation: card.summary ?? null,
    priority: card.priority ?? null,
    risks: card.riskFlags
      ? (Object.keys(RISK_NAMES) as (keyof typeof RISK_NAMES)[])
          .filter((k) => card.riskFlags[k])
          .map((k) => RISK_NAMES[k])
      : [],
    safety: card.safety
      ? {
          flags: (Object.keys(SAFETY_NAMES) as (keyof typeof SAFETY_NAMES)[])
            .filter((k) => card.safety[k])
            .map((k) => SAFETY_NAMES[k]),
          note: card.safety.note || null,
        }
      : null,
    callbackNumber: card.caller?.callbackNumber || null,
    clocks: clocks
      ? { detentionEndsAt: clocks.expiresAt, handoverDueAt: clocks.handoverDueAt, state: clocks.state }
      : null,
    placeOfSafety: place ? placeOfSafetyText(place) : null,
  };
}

const KEY_ID = 'job';
const SHEET_ID = 'current';

async function deviceKey(): Promise<CryptoKey> {
  const db = await database();
  const stored = await db.get('keys', KEY_ID);
  if (stored) return stored.key;
  const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
  await db.put('keys', { id: KEY_ID, key });
  return key;
}

export async function saveJobSheet(sheet: TJobSheet): Promise<void> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv },
    await deviceKey(),
    new TextEncoder().encode(JSON.stringify(sheet)),
  );
  await (await database()).put('job', { id: SHEET_ID, iv, data });
}

/** The kept sheet, or null if there is none or it cannot be read (a new key, a damaged record). */
export async function loadJobSheet(): Promise<TJobSheet | null> {
  try {
    const db = await database();
    const record = await db.get('job', SHEET_ID);
    const stored = await db.get('keys', KEY_ID);
    if (!record || !stored) return null;
    const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: record.iv }, stored.key, record.data);
    return JSON.parse(new TextDecoder().decode(plain)) as TJobSheet;
  } catch {
    return null;
  }
}

/** Erases the sheet and its key: nothing of the job stays on the device. */
export async function eraseJobSheet(): Promise<void> {
  const db = await database();
  await Promise.all([db.delete('job', SHEET_ID), db.delete('keys', KEY_ID)]);
}

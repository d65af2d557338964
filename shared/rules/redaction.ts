import {
  INFORMATION_SHARING_POLICY as POLICY,
  type TCardFieldPath,
  type THoldAudience,
  type TSharedView,
  type TUnitAudience,
} from '../config/information-sharing';
import type { TCaseCard, TTimelineEntry } from '../schemas/case';
import type { THold, TService } from '../schemas/service';
import type { TUnit } from '../schemas/unit';
import type { TRole } from '../schemas/user';

/**
 * Every payload the server sends passes through one of these functions, and they read only the
 * information-sharing policy (shared/config/information-sharing.ts, R-IG-MIN). Routes, sockets and
 * jobs never pick fields themselves.
 */

/** Who is reading: enough to work out their view and their relationship to a service or a unit. */
export interface TReader {
  id: string;
  role: TRole;
  organisationId: string;
}

type TJson = Record<string, unknown>;

/** Sets a dotted path to null; `a[]` walks every element of the list `a`. Absent parents are left alone. */
function withPathNulled(value: unknown, segments: readonly string[]): unknown {
  const [head, ...rest] = segments;
  if (head === undefined || value === null || typeof value !== 'object') return value;
  const isList = head.endsWith('[]');
  const key = isList ? head.slice(0, -2) : head;
  const obj = value as TJson;
  if (!(key in obj)) return value;
  if (isList) {
    const list = obj[key];
    if (!Array.isArray(list)) return value;
    return { ...obj, [key]: list.map((item) => (rest.length === 0 ? null : withPathNulled(item, rest))) };
  }
  if (rest.length === 0) return { ...obj, [key]: null };
  return { ...obj, [key]: withPathNulled(obj[key], rest) };
}

// ---- Case cards and timelines ----

const CARD_PATHS = Object.keys(POLICY.cardFields) as TCardFieldPath[];

/** Whether a card path (or the nearest listed parent of it) reaches a view. */
export function isCardPathShared(path: string, view: TSharedView): boolean {
  let p = path;
  for (;;) {
    const rule = (POLICY.cardFields as Record<string, { to: readonly TSharedView[] }>)[p];
    if (rule) return rule.to.includes(view);
    const cut = p.lastIndexOf('.');
    if (cut < 0) return true;
    p = p.slice(0, cut);
  }
}

/** The card paths withheld from a view, including clinical notes when the view reads only some notes. */
export function withheldCardPaths(view: TSharedView): string[] {
  const paths: string[] = CARD_PATHS.filter((p) => p !== 'notes[]' && !isCardPathShared(p, view));
  const readsEveryNote = POLICY.noteVisibilities[view].length === POLICY.noteVisibilities.clinical.length;
  return readsEveryNote ? paths : [...paths, 'notes[]'];
}

/** What a reader is told about a withheld path: its label and why it is not shared. */
export function withheldExplanation(path: string): { label: string; why: string } {
  const rule = (POLICY.cardFields as Record<string, { label: string; why: string }>)[path];
  return rule ? { label: rule.label, why: rule.why } : { label: path, why: '' };
}

/**
 * The card as a view may see it (R-IG-MIN). Withheld values become null and are named in `withheld`
 * (notes are timeline lines, redacted by `redactTimelineEntry`).
 */
export function redactCard(card: TCaseCard, view: TSharedView): TCaseCard {
  const withheld = withheldCardPaths(view);
  let out: unknown = card;
  for (const p of withheld) if (p !== 'notes[]') out = withPathNulled(out, p.split('.'));
  return { ...(out as TCaseCard), withheld };
}

/** A top-level card field every part of which is withheld from a view. */
function isWholeFieldWithheld(field: string, view: TSharedView): boolean {
  return !isCardPathShared(field, view);
}

/** Field names as a view may see them: wholly withheld fields collapse into "clinical details". */
export function redactFieldNames(fields: readonly string[], view: TSharedView): string[] {
  const shown = fields.filter((f) => !isWholeFieldWithheld(f, view));
  return shown.length < fields.length ? [...shown, 'clinical details'] : shown;
}

/**
 * A timeline line as a view may see it: field names of withheld fields collapse into "clinical details",
 * and the text of notes the view may not read is replaced. (Free text in other events is left out by
 * the describer, which asks `isCardPathShared` before quoting it.)
 */
export function redactTimelineEntry(
  entry: TTimelineEntry,
  view: TSharedView,
  noteVisibility: 'clinical' | 'all-agencies' | null,
): TTimelineEntry {
  if (entry.type === 'case.note-added' && noteVisibility !== null) {
    const readable: readonly string[] = POLICY.noteVisibilities[view];
    return readable.includes(noteVisibility)
      ? entry
      : { ...entry, text: 'Clinical note added (not shared with your role)' };
  }
  if (entry.type === 'case.updated' || entry.type === 'case.created') {
    const fields = redactFieldNames(entry.fields, view);
    if (fields.length === entry.fields.length && fields.every((f, i) => f === entry.fields[i])) return entry;
    const text = entry.type === 'case.created' ? entry.text : `Updated: ${fields.map(fieldLabel).join(', ')}`;
    return { ...entry, fields, text };
  }
  return entry;
}

export function fieldLabel(field: string): string {
  if (field === 'clinical details') return field;
  return (POLICY.cardFields as Record<string, { label: string }>)[field]?.label ?? field;
}

// ---- Services and their holds ----

/** A reader's relationship to a service, which decides what they see of its holds. */
export function holdAudience(reader: TReader, service: Pick<TService, 'organisationId'>): THoldAudience {
  const isServiceStaff = reader.role === 'pos-staff' || reader.role === 'provider';
  if (isServiceStaff && reader.organisationId === service.organisationId) return 'receiving-service';
  return POLICY.holdAudienceByRole[reader.role];
}

export function redactHold(hold: THold, audience: THoldAudience): THold {
  let out: unknown = hold;
  for (const [path, rule] of Object.entries(POLICY.holdFields)) {
    if (!(rule.to as readonly THoldAudience[]).includes(audience)) out = withPathNulled(out, [path]);
  }
  return out as THold;
}

/** A service as an audience sees it: everything but the holds is the area's shared registry. */
export function redactService(service: TService, audience: THoldAudience): TService {
  const isTold: readonly THoldAudience[] = POLICY.releasedHoldTo;
  const seesRecent: readonly THoldAudience[] = POLICY.recentHoldsTo;
  return {
    ...service,
    holds: service.holds.map((h) => redactHold(h, audience)),
    lastReleasedHold: isTold.includes(audience) ? (service.lastReleasedHold ?? null) : null,
    recentHolds: seesRecent.includes(audience) ? (service.recentHolds ?? []) : [],
  };
}

export function serviceForReader(service: TService, reader: TReader): TService {
  return redactService(service, holdAudience(reader, service));
}

// ---- Units ----

/** A reader's relationship to a unit: the hub, its own crew, the registry (administrators), or none. */
export function unitAudience(reader: TReader, unit: Pick<TUnit, 'members'>): TUnitAudience | null {
  const byRole = POLICY.unitAudienceByRole[reader.role];
  if (byRole === 'hub') return 'hub';
  if (unit.members.some((m) => m.userId === reader.id)) return 'crew';
  return byRole;
}

export function redactUnit(unit: TUnit, audience: TUnitAudience): TUnit {
  let out: unknown = unit;
  for (const [path, rule] of Object.entries(POLICY.unitFields)) {
    if (!(rule.to as readonly TUnitAudience[]).includes(audience)) out = withPathNulled(out, [path]);
  }
  return out as TUnit;
}

/** The unit as this reader may see it, or null when they have no need to know it exists. */
export function unitForReader(unit: TUnit, reader: TReader): TUnit | null {
  const audience = unitAudience(reader, unit);
  return audience ? redactUnit(unit, audience) : null;
}

import { INFORMATION_SHARING_POLICY, type TCaseView } from '../config/information-sharing';
import type { TCaseCard, TTimelineEntry } from '../schemas/case';

type TSharedView = Exclude<TCaseView, 'none'>;

function withPathSetToNull(obj: Record<string, unknown>, path: string): Record<string, unknown> {
  const [head, ...rest] = path.split('.');
  if (head === undefined || !(head in obj)) return obj;
  if (rest.length === 0) return { ...obj, [head]: null };
  const child = obj[head];
  if (child === null || typeof child !== 'object') return obj;
  return { ...obj, [head]: withPathSetToNull(child as Record<string, unknown>, rest.join('.')) };
}

/**
 * The card as a view may see it (R-IG-MIN). Withheld values become null and are named in `withheld`;
 * notes the view may not read are dropped. Runs on the server for every HTTP response and socket event.
 */
export function redactCard(card: TCaseCard, view: TSharedView): TCaseCard {
  const paths = INFORMATION_SHARING_POLICY.withheldFields[view];
  const readable = INFORMATION_SHARING_POLICY.noteVisibilities[view];
  let out = card as unknown as Record<string, unknown>;
  for (const p of paths) out = withPathSetToNull(out, p);
  return {
    ...(out as unknown as TCaseCard),
    notes: card.notes.filter((n) => readable.includes(n.visibility)),
    withheld: [...paths],
  };
}

/** Whether a whole field is hidden from a view (as opposed to part of it). */
function isFieldWithheld(field: string, view: TSharedView): boolean {
  return INFORMATION_SHARING_POLICY.withheldFields[view].includes(field);
}

/**
 * A timeline line as a view may see it: field names of withheld fields collapse into "clinical details",
 * and the text of notes the view may not read is replaced.
 */
export function redactTimelineEntry(
  entry: TTimelineEntry,
  view: TSharedView,
  noteVisibility: 'clinical' | 'all-agencies' | null,
): TTimelineEntry {
  if (view === 'clinical') return entry;
  if (entry.type === 'case.note-added' && noteVisibility !== null) {
    if (!INFORMATION_SHARING_POLICY.noteVisibilities[view].includes(noteVisibility)) {
      return { ...entry, text: 'Clinical note added (not shared with your role)' };
    }
    return entry;
  }
  if (entry.type === 'case.updated' || entry.type === 'case.created') {
    const shown = entry.fields.filter((f) => !isFieldWithheld(f, view));
    const hidden = entry.fields.length - shown.length;
    const fields = hidden > 0 ? [...shown, 'clinical details'] : shown;
    const text = entry.type === 'case.created' ? 'Card opened' : `Updated: ${fields.map(fieldLabel).join(', ')}`;
    return { ...entry, fields, text };
  }
  return entry;
}

const FIELD_LABELS: Record<string, string> = {
  channel: 'channel',
  caller: 'caller',
  person: 'person',
  location: 'location',
  presentingConcerns: 'presenting concerns',
  riskFlags: 'risk flags',
  priority: 'priority',
  summary: 'summary',
};

export function fieldLabel(field: string): string {
  return FIELD_LABELS[field] ?? field;
}

import type { TRole } from '../schemas/user';

/**
 * Who may read the access log (R-IG-AUDIT): the information governance lead, whose job it is, and the
 * duty manager, who answers for the area's practice on shift. Both only for their own area.
 */
export function canReadAudit(role: TRole): boolean {
  return role === 'ig-lead' || role === 'duty-manager';
}

/** A card's readable reference as typed by a person ("c-3f9a2b", " C-3F9A2B "), or null if it is not one. */
export function asCaseRef(text: string): string | null {
  const ref = text.trim().toUpperCase();
  return /^C-[0-9A-Z]{6}$/.test(ref) ? ref : null;
}

import type { TRole } from '../schemas/user';

/**
 * The per-role field policy. There is no national list of what police may see: it is set by the local
 * information sharing agreement and reviewed by a data protection officer, so it is configuration with a
 * version and effective date, not code (R-IG-MIN).
 */
export type TCaseView = 'clinical' | 'police' | 'none';

export interface TInformationSharingPolicy {
  version: string;
  effectiveFrom: string;
  /** Which view of a case card each role receives, over HTTP and sockets alike. */
  viewByRole: Record<TRole, TCaseView>;
  /** Card fields withheld from a view (dotted paths). */
  withheldFields: Record<Exclude<TCaseView, 'none'>, readonly string[]>;
  /** Note visibilities a view may read. */
  noteVisibilities: Record<Exclude<TCaseView, 'none'>, readonly ('clinical' | 'all-agencies')[]>;
}

export const INFORMATION_SHARING_POLICY: TInformationSharingPolicy = {
  version: 'demo-isa-1',
  effectiveFrom: '2026-01-01',
  viewByRole: {
    operator: 'clinical',
    'triage-clinician': 'clinical',
    'ambulance-clinician': 'clinical',
    'duty-manager': 'clinical',
    amhp: 'clinical',
    'police-officer': 'police',
    // Place-of-safety and crisis-alternative staff see a case once it is referred or held for them
    // (capacity work); until then they have no need to know. Admins manage accounts, not cases.
    'pos-staff': 'none',
    provider: 'none',
    admin: 'none',
    // A wall display sees counts and levels, never a person (issue: display-only board login).
    board: 'none',
    // The information governance lead audits who saw which card (the access log), not the cards.
    'ig-lead': 'none',
  },
  withheldFields: {
    clinical: [],
    // Police see what they need to act: identity, location, risks, status — not clinical history.
    police: ['person.nhsNumber', 'person.ethnicity', 'presentingConcerns', 'summary', 'caller'],
  },
  noteVisibilities: {
    clinical: ['clinical', 'all-agencies'],
    police: ['all-agencies'],
  },
};

import type { TRole } from '../schemas/user';

/**
 * The information-sharing policy: every field of every payload the server sends, classified, with the
 * audiences that receive it and one line saying why (R-IG-MIN). There is no national list of what each
 * agency may see: it is set by the local information sharing agreement and reviewed by a data
 * protection officer, so it is versioned configuration, not code. The Caldicott principles cut both
 * ways: the duty to share for care is as important as the duty to protect, so safety information goes
 * to everyone who attends, and clinical detail stays with health staff.
 *
 * Every payload passes through shared/rules/redaction.ts, which reads only this file. A field that is
 * not listed here fails the policy-coverage test, so a new field cannot ship unclassified.
 */

/** Identity says who; operational says what is happening; safety keeps attendees safe; clinical is health. */
export type TInformationClass = 'identity' | 'operational' | 'safety' | 'clinical';

/**
 * The views of a case card ('none' receives no cards at all). 'receiving' is what a crisis alternative
 * sees of a person coming to it (R-LINK-RECEIVING).
 */
export type TCaseView = 'clinical' | 'police' | 'receiving' | 'none';
export type TSharedView = Exclude<TCaseView, 'none'>;

/** Who receives a hold on a service, by their relationship to it. */
export type THoldAudience = 'hub' | 'receiving-service' | 'police' | 'board' | 'unrelated';
/** Who receives a unit: the hub and the unit's own crew in full; administrators only its registry record. */
export type TUnitAudience = 'hub' | 'crew' | 'registry';

export interface TFieldRule<A extends string> {
  class: TInformationClass;
  /** The audiences that receive the value; every other audience receives null (or nothing). */
  to: readonly A[];
  /** Shown to a reader from whom it is withheld, so the screen says what is missing and why. */
  label: string;
  why: string;
}

/** Declared before the policy so searchFields can name only real card fields. */
type TCardFieldPathKey = 'person.name' | 'person.nhsNumber' | 'person.age' | 'caller' | 'location' | 'ref';

const CARD_VIEWS = ['clinical', 'police', 'receiving'] as const satisfies readonly TSharedView[];
const ALL_HOLD: readonly THoldAudience[] = ['hub', 'receiving-service', 'police', 'board', 'unrelated'];
const ALL_UNIT: readonly TUnitAudience[] = ['hub', 'crew', 'registry'];

const cardField = (
  c: TInformationClass,
  to: readonly TSharedView[],
  label: string,
  why: string,
): TFieldRule<TSharedView> => ({ class: c, to, label, why });
/** Every view: what a receiving service also needs to prepare for the person. */
const all = CARD_VIEWS;
/** The agencies attending: health and police, not a service the person is coming to. */
const both = ['clinical', 'police'] as const;
const healthOnly = ['clinical'] as const;

export const INFORMATION_SHARING_POLICY = {
  version: 'demo-isa-2',
  effectiveFrom: '2026-12-02',

  /** Which view of case cards each role receives, over HTTP and sockets alike. */
  viewByRole: {
    operator: 'clinical',
    'triage-clinician': 'clinical',
    'ambulance-clinician': 'clinical',
    'duty-manager': 'clinical',
    amhp: 'clinical',
    'police-officer': 'police',
    // Place-of-safety and crisis-alternative staff see no cards by role: only the cards of people coming
    // to their own services, while they are (receiving, below).
    'pos-staff': 'none',
    provider: 'none',
    // Administrators manage accounts and the registry, not cases.
    admin: 'none',
    // A wall display sees counts and levels, never a person.
    board: 'none',
    // The information-governance lead reads who saw what in the audit viewer, not the cards themselves.
    'ig-lead': 'none',
    // A commissioner reads reports' aggregates, never a card or a person (reports, below).
    commissioner: 'none',
  } satisfies Record<TRole, TCaseView>,

  /**
   * Card fields by dotted path (`[]` marks each element of a list). A path not listed inherits from its
   * nearest listed parent; the coverage test requires every leaf to be reached.
   */
  cardFields: {
    id: cardField('operational', all, 'card id', 'Needed to address the card in every request.'),
    ref: cardField('operational', all, 'card reference', 'How agencies refer to the same job by radio and phone.'),
    areaId: cardField('operational', all, 'area', 'The area the card belongs to.'),
    version: cardField('operational', all, 'version', 'Needed to detect simultaneous edits.'),
    status: cardField('operational', all, 'status', 'Everyone working the job needs to know if it is live.'),
    channel: cardField('operational', both, 'channel', 'How the call reached the system.'),
    caller: cardField(
      'identity',
      healthOnly,
      'caller’s details',
      'A third party’s identity and number, given to the crisis line; police have their own call records.',
    ),
    'person.name': cardField(
      'identity',
      all,
      'name',
      'Attendees, and the service the person is coming to, must identify them.',
    ),
    'person.age': cardField(
      'identity',
      all,
      'age',
      'Age decides where a person may be taken, and which room (under-18s).',
    ),
    'person.sex': cardField('identity', all, 'sex', 'Helps attendees identify the person.'),
    'person.ethnicity': cardField(
      'identity',
      healthOnly,
      'ethnicity',
      'Special-category data collected for equality monitoring; not needed to act.',
    ),
    'person.nhsNumber': cardField(
      'identity',
      healthOnly,
      'NHS number',
      'A health-service identifier that opens health records; police identify by name and description.',
    ),
    'person.postcode': cardField(
      'identity',
      healthOnly,
      'home postcode',
      'Where the person lives, for the deprivation breakdown of the reports (R-REPORT-IMD); attendees go to the location, not the home.',
    ),
    location: cardField('operational', both, 'location', 'Attendees must find the person.'),
    presentingConcerns: cardField(
      'clinical',
      healthOnly,
      'presenting concerns',
      'Clinical history and mental state: health staff need it, police do not need it to act.',
    ),
    riskFlags: cardField(
      'safety',
      all,
      'risk flags',
      'Risk to self and others keeps attendees, receiving staff and the person safe.',
    ),
    safety: cardField(
      'safety',
      all,
      'safety information for attendees',
      'Weapons, violence and hazards must reach everyone who attends or receives the person.',
    ),
    priority: cardField('operational', all, 'priority', 'Sets how fast everyone responds.'),
    summary: cardField(
      'operational',
      all,
      'situation',
      'The situation line is written to be shared with every agency on the job (the form says so).',
    ),
    owner: cardField('operational', all, 'owner', 'Who to call about the job.'),
    'contactLost.since': cardField('operational', both, 'contact lost', 'Police may be asked to check welfare.'),
    'contactLost.followUp': cardField('operational', both, 'follow-up', 'What was asked of whom.'),
    'contactLost.by': cardField('operational', both, 'who lost contact', 'Who to call about the job.'),
    'contactLost.note': cardField(
      'clinical',
      healthOnly,
      'contact-lost note',
      'Free text written by health staff; it may carry clinical detail.',
    ),
    'outcome.kind': cardField('operational', all, 'outcome', 'Attendees need to know the job is finished and how.'),
    'outcome.destinationOrSafetyNet': cardField(
      'clinical',
      healthOnly,
      'outcome detail',
      'Where the person went and their safety plan are clinical care arrangements.',
    ),
    // Notes are lines on the card's timeline, each shared by its own visibility (noteVisibilities).
    'notes[]': cardField(
      'clinical',
      all,
      'clinical notes',
      'Notes are shared by their own visibility: clinical notes stay with health staff.',
    ),
    createdBy: cardField('operational', all, 'opened by', 'Who to call about the job.'),
    createdAt: cardField('operational', all, 'opened at', 'Response times are shared.'),
    updatedAt: cardField('operational', all, 'updated at', 'Shows how fresh the card is.'),
    closedAt: cardField('operational', all, 'closed at', 'Shows the job is finished.'),
    detention: cardField(
      'operational',
      both,
      'Mental Health Act record',
      'Police and health share the s136/s135 record and its legal clocks.',
    ),
    'detention.doctorExamination.whyNotS12': cardField(
      'clinical',
      healthOnly,
      'why the doctor was not section 12 approved',
      'A clinical staffing judgement recorded for the Home Office return.',
    ),
    'detention.outcome.note': cardField(
      'clinical',
      healthOnly,
      'assessment outcome note',
      'The outcome of a mental health assessment is clinical.',
    ),
    alerts: cardField('operational', both, 'alerts', 'Legal-clock alerts are for everyone on the job.'),
    breakGlass: cardField(
      'operational',
      both,
      'break-glass uses',
      'Who opened withheld details and why is shown to everyone on the card, so each use is seen.',
    ),
    personLinks: cardField(
      'identity',
      healthOnly,
      'links to the person’s other contacts',
      'Which other contacts are the same person is health history; police keep their own records.',
    ),
    withheld: cardField('operational', all, 'withheld fields', 'Tells a reader what is not shared and why.'),
  },

  /**
   * Search (R-SEARCH-REDACT): each searchable field is a card field, and a view searches only the fields
   * it reads, so a match can never tell a reader what its view withholds (police searching an NHS number
   * find nothing). Results are cards, redacted like every other card.
   */
  searchFields: {
    name: 'person.name',
    nhsNumber: 'person.nhsNumber',
    dateOfBirth: 'person.age',
    phone: 'caller',
    address: 'location',
    ref: 'ref',
  } satisfies Record<string, TCardFieldPathKey>,

  /**
   * A person's previous contacts (the history strip, link suggestions) are health history: only the
   * clinical view reads them, and only within the reader's own area (R-PERSON-HISTORY).
   */
  personHistory: {
    views: ['clinical'] as readonly TSharedView[],
    why: 'Earlier crises, detentions and outcomes are health history: health staff decide with them; police keep their own records.',
  },

  /**
   * Break-glass (R-IG-BREAKGLASS): a reader whose view withholds clinical detail may open one card's
   * clinical view with a stated reason, for a limited time. The duty manager is alerted at once and
   * reviews each use.
   */
  breakGlass: {
    fromViews: ['police'],
    toView: 'clinical',
    minutes: 30,
    reviewers: ['duty-manager'],
  } satisfies { fromViews: readonly TSharedView[]; toView: TSharedView; minutes: number; reviewers: readonly TRole[] },

  /**
   * Receiving services (R-LINK-RECEIVING): staff of a service where a place is held for a person, or which
   * was chosen as their place of safety, see that person's card while they are expected or there, and for
   * `hoursAfter` hours after they arrived, left or were released (to finish their own records), never
   * before and never another service's. Place-of-safety staff are health professionals who assess and care
   * for the detained person: the clinical view. Crisis cafés, safe havens and crisis houses are often run
   * by voluntary organisations and give support, not assessment: the receiving view, which shares who is
   * coming, their risks and safety information and the situation, but not the NHS number, the caller, the
   * home address, clinical history or the Mental Health Act record. The hold note carries anything else the
   * hub chooses to tell them.
   */
  receiving: {
    viewByRole: { 'pos-staff': 'clinical', provider: 'receiving' },
    hoursAfter: 12,
  } satisfies { viewByRole: Partial<Record<TRole, TSharedView>>; hoursAfter: number },

  /** Note visibilities each view reads. */
  noteVisibilities: {
    clinical: ['clinical', 'all-agencies'],
    police: ['all-agencies'],
    receiving: ['all-agencies'],
  } satisfies Record<TSharedView, readonly ('clinical' | 'all-agencies')[]>,

  /**
   * A hold on a service place, by the reader's relationship to it. The hub and staff of the receiving
   * service see it in full (they prepare for the person); police see whose job it is but not the note;
   * other services and the administrator see only that a place is taken; the wall board sees the
   * readable card reference so a duty manager can find the card, and nothing about the person.
   */
  holdAudienceByRole: {
    operator: 'hub',
    'triage-clinician': 'hub',
    'ambulance-clinician': 'hub',
    'duty-manager': 'hub',
    amhp: 'hub',
    'police-officer': 'police',
    'pos-staff': 'unrelated',
    provider: 'unrelated',
    admin: 'unrelated',
    board: 'board',
    // Like the board: counts and card references, no person.
    'ig-lead': 'board',
    // Aggregates only: not even a card reference.
    commissioner: 'unrelated',
  } satisfies Record<TRole, THoldAudience>,
  /**
   * Who is told that a hold was released or ran out, for which card and why (a service's
   * `lastReleasedHold`): the hub, and the receiving service's own staff who were expecting the person.
   * The reason is written by the hub or the service and may name the card; nobody else needs it.
   */
  releasedHoldTo: ['hub', 'receiving-service'] as const satisfies readonly THoldAudience[],
  /**
   * A service's recently ended holds (`recentHolds`: which card arrived, was released, declined or ran out,
   * and when): the hub, and the receiving service's own staff, whose view of those cards lasts a while
   * after (receiving.hoursAfter). Nobody else needs to know who came or did not.
   */
  recentHoldsTo: ['hub', 'receiving-service'] as const satisfies readonly THoldAudience[],
  /**
   * A card's timeline lines for its crews and places (R-LINK-TIMELINE) name call signs, statuses and
   * services for every card reader: attending police need to know a crew is on its way or a place is
   * held. The free text in them — a stand-down, decline or re-task reason, a service's onward route — is
   * written by the hub, crews and services and may carry clinical detail, so only these views read it.
   */
  linkedReasonsTo: ['clinical'] as const satisfies readonly TSharedView[],
  holdFields: {
    id: { class: 'operational', to: ALL_HOLD, label: 'hold', why: 'A held place is not free: counts must add up.' },
    category: {
      class: 'operational',
      to: ALL_HOLD,
      label: 'category',
      why: 'Adult and under-18 places are counted apart.',
    },
    state: {
      class: 'operational',
      to: ALL_HOLD,
      label: 'state',
      why: 'Held or accepted changes what the place finder offers.',
    },
    placedAt: { class: 'operational', to: ALL_HOLD, label: 'placed at', why: 'Shows how fresh the hold is.' },
    expiresAt: {
      class: 'operational',
      to: ALL_HOLD,
      label: 'expires at',
      why: 'The place comes back when it runs out.',
    },
    caseId: {
      class: 'operational',
      to: ['hub', 'receiving-service', 'police'],
      label: 'card',
      why: 'Links the place to the job for those who work it; the board and other services have no need.',
    },
    caseRef: {
      class: 'operational',
      to: ['hub', 'receiving-service', 'police', 'board'],
      label: 'card reference',
      why: 'A duty manager at the board finds the card by its reference; it says nothing about the person.',
    },
    placedBy: {
      class: 'operational',
      to: ['hub', 'receiving-service', 'police'],
      label: 'who placed it',
      why: 'The receiving service calls whoever is bringing the person.',
    },
    note: {
      class: 'clinical',
      to: ['hub', 'receiving-service'],
      label: 'hold note',
      why: 'Written for the receiving service about the person; it may carry clinical detail.',
    },
    purpose: {
      class: 'operational',
      to: ALL_HOLD,
      label: 'purpose',
      why: 'Whether the place is a place of safety for a detention or a crisis alternative: counts differ.',
    },
  } satisfies Record<string, TFieldRule<THoldAudience>>,

  /**
   * The board's map (`GET /capacity/board`'s `map`): the wall screen in the control room and the hub who
   * dispatch see where units and open cases are; every other role's board has no map. Positions only,
   * with a call sign or a card reference: never a crew member, a person, an address or an internal id.
   */
  /**
   * Who reads reports, and how (R-REPORT-ACCESS). `exact`: figures as counted, and the cards behind
   * each figure; `disclosureControlled`: aggregates only, small numbers suppressed and the rest rounded.
   */
  reports: {
    exact: ['duty-manager'] as readonly TRole[],
    disclosureControlled: ['commissioner'] as readonly TRole[],
  },
  boardMap: {
    roles: ['operator', 'duty-manager', 'board'] as readonly TRole[],
    /** Decimal places a case's position keeps on the board: 3 is about 100 m, a street, not a door. */
    casePositionDecimals: 3,
    fields: {
      units:
        'Call sign, status, last shared position and its time, and whether an SOS is open: the room sees who is free and where, and a crew in trouble.',
      cases:
        'Card reference, priority and position to about 100 m: the room sees where the work is without an address.',
    },
  },

  /** Units: crew names, live location, SOS and the job they are on go to the hub and the unit's crew. */
  unitAudienceByRole: {
    operator: 'hub',
    'duty-manager': 'hub',
    admin: 'registry',
    // Crew roles receive their own units (as crew) and no others.
    'triage-clinician': null,
    'ambulance-clinician': null,
    amhp: null,
    'police-officer': null,
    'pos-staff': null,
    provider: null,
    board: null,
    'ig-lead': null,
    commissioner: null,
  } satisfies Record<TRole, TUnitAudience | null>,
  unitFields: {
    id: { class: 'operational', to: ALL_UNIT, label: 'unit', why: 'Needed to address the unit.' },
    areaId: { class: 'operational', to: ALL_UNIT, label: 'area', why: 'The area the unit works in.' },
    version: { class: 'operational', to: ALL_UNIT, label: 'version', why: 'Needed to detect simultaneous changes.' },
    updatedAt: { class: 'operational', to: ALL_UNIT, label: 'updated at', why: 'Shows how fresh the record is.' },
    callSign: { class: 'operational', to: ALL_UNIT, label: 'call sign', why: 'How the unit is called.' },
    kind: { class: 'operational', to: ALL_UNIT, label: 'kind', why: 'What the unit can do.' },
    organisationId: { class: 'operational', to: ALL_UNIT, label: 'organisation', why: 'Who runs the unit.' },
    members: {
      class: 'identity',
      to: ALL_UNIT,
      label: 'crew',
      why: 'Crew are staff of the area: administrators keep them.',
    },
    isOnShift: { class: 'operational', to: ALL_UNIT, label: 'on shift', why: 'Administrators set shifts up.' },
    status: { class: 'operational', to: ALL_UNIT, label: 'status', why: 'Available or committed.' },
    statusSince: { class: 'operational', to: ALL_UNIT, label: 'status since', why: 'How long in this status.' },
    location: {
      class: 'safety',
      to: ['hub', 'crew'],
      label: 'live location',
      why: 'Where a crew is, live, is for dispatching and their safety, not for everyone.',
    },
    assignment: {
      class: 'operational',
      to: ['hub', 'crew'],
      label: 'current job',
      why: 'The case a crew is on is for whoever dispatches it and the crew.',
    },
    stoodDown: {
      class: 'operational',
      to: ['hub', 'crew'],
      label: 'stood down',
      why: 'The crew must know who took them off a job and why; the hub sees what it did.',
    },
    sos: {
      class: 'safety',
      to: ['hub', 'crew'],
      label: 'SOS',
      why: 'An SOS goes to those who can send help, and back to the crew so they know it was seen.',
    },
  } satisfies Record<string, TFieldRule<TUnitAudience>>,

  /**
   * Every kind of payload the server sends, and how it is made safe. Each HTTP route (by its first path
   * segment) and each socket event names its kind; the disclosure matrix test fails on a route or event
   * that has none.
   */
  payloadKinds: {
    case: 'Cards, timelines, conflicts, replays and detentions: by card view (cardFields); no view, no cards.',
    service: 'The service registry with live figures: holds by relationship to the service (holdFields).',
    unit: 'Units: in full to the hub and the unit’s own crew, registry records to administrators (unitFields).',
    counts:
      'Board and occupancy figures: counts, clocks, card references, unit call signs, open alerts by kind and whether a detained person is under 18 (so a child is seen to), and for the board and the hub the map (boardMap), never a person, name or internal id.',
    administration:
      'Accounts (with contact details), organisations, the area, imports and history: administrators only.',
    directory: 'Display names of the area, its organisations and staff: every signed-in role of the area.',
    'own-session': 'The reader’s own session, login steps, password and authenticator.',
    setup: 'First-run setup before any account exists: the area and first administrator being created.',
    instance: 'Whether this server is in setup or demo mode, for the login page: nothing about anyone.',
    presence: 'Which staff have a card open: card-reading roles of the area.',
    'session-control': 'A session ended or locked: only to that session’s own consoles.',
    audit: 'Who saw which card when (the access log): the information-governance lead and duty managers of the area.',
    reports:
      "Reports (R-REPORT-ACCESS): figures folded from the cards of the area and the services' figures (occupancy as shares of places, and which services were full or stale when a place was sought, by service name). Duty managers see exact figures and may open the cards behind a figure (references, priority, status: the card list of their own view). Commissioners see aggregates only, every count passed through the disclosure rule (config/reports.ts), never a reference, name, free text or card list. The Home Office return holds no names or references.",
    handover:
      'The shift handover (open and changed cards by card view, running clocks, units, the notes one shift leaves the next): the control room, the roles that see every unit (unitAudienceByRole hub). Its live event is a signal with a sequence only.',
  },
  /** HTTP routes under /api/v1, by their first path segment. */
  routeKinds: {
    cases: 'case',
    detentions: 'case',
    services: 'service',
    units: 'unit',
    'crew-candidates': 'administration',
    capacity: 'counts',
    admin: 'administration',
    directory: 'directory',
    session: 'own-session',
    setup: 'setup',
    instance: 'instance',
    audit: 'audit',
    handover: 'handover',
    reports: 'reports',
  },
  /** Server → client socket events. */
  eventKinds: {
    'session:ready': 'own-session',
    'case:changed': 'case',
    'service:changed': 'service',
    'unit:changed': 'unit',
    'presence:changed': 'presence',
    'session:ended': 'session-control',
    'session:locked': 'session-control',
    'admin:changed': 'administration',
    'directory:changed': 'directory',
    'handover:changed': 'handover',
  },
} as const;

export type TInformationSharingPolicy = typeof INFORMATION_SHARING_POLICY;
export type TCardFieldPath = keyof typeof INFORMATION_SHARING_POLICY.cardFields;

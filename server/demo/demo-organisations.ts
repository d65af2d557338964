import type { TOrganisationKind } from '@shared/schemas/account';

/** The demo area's organisations: invented, with readable ids so the story can name them. */
export const DEMO_ORGANISATIONS = {
  trust: { id: 'kv-mh-trust', name: 'Kestrel Vale Mental Health Trust', kind: 'nhs-trust' },
  police: { id: 'kv-police', name: 'Kestrel Vale Constabulary', kind: 'police' },
  ambulance: { id: 'vale-ambulance', name: 'Vale Ambulance Service', kind: 'ambulance' },
  council: { id: 'kv-council', name: 'Kestrel Vale Council', kind: 'local-authority' },
  hospitals: { id: 'kv-hospitals', name: 'Kestrel Vale Hospitals NHS Trust', kind: 'nhs-trust' },
  // A site run as its own organisation, so its staff keep only its own figures.
  willowbank: { id: 'willowbank', name: 'Willowbank s136 Suite', kind: 'nhs-trust' },
  harbour: { id: 'harbour-lights', name: 'Harbour Lights Mind', kind: 'voluntary' },
  sanctuary: { id: 'vale-sanctuary', name: 'Vale Sanctuary CIC', kind: 'voluntary' },
  // Commissions the area's crisis services; reads reports, never a card.
  icb: { id: 'kv-icb', name: 'Kestrel Vale Integrated Care Board', kind: 'other' },
} as const satisfies Record<string, { id: string; name: string; kind: TOrganisationKind }>;

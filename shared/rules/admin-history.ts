import { ORGANISATION_KIND_LABELS, type TOrganisationKind } from '../schemas/account';
import { SERVICE_KIND_LABELS, type TServiceKind } from '../schemas/service';
import { UNIT_KIND_LABELS, type TUnitKind } from '../schemas/unit';
import { ROLE_LABELS, type TRole } from '../schemas/user';

/** Event types that are administration: shown in the administration history. */
export const ADMIN_HISTORY_TYPES = [
  'area.created',
  'area.updated',
  'organisation.created',
  'organisation.updated',
  'user.created',
  'user.updated',
  'user.disabled',
  'user.enabled',
  'user.temporary-password-set',
  'user.password-changed',
  'user.mfa-enrolled',
  'user.mfa-reset',
  'user.recovery-code-used',
  'user.sessions-revoked',
  'service.registered',
  'service.details-updated',
  'service.totals-changed',
  'unit.registered',
  'unit.details-updated',
  'unit.crew-changed',
] as const;

/** Names to describe events by: the current name of each account, organisation, unit and service. */
export interface THistoryNames {
  accounts: ReadonlyMap<string, string>;
  organisations: ReadonlyMap<string, string>;
  units: ReadonlyMap<string, string>;
  services: ReadonlyMap<string, string>;
}

interface THistoryEvent {
  type: string;
  streamId: string;
  data: unknown;
}

const FIELD_NAMES: Record<string, string> = {
  displayName: 'name',
  role: 'role',
  organisationId: 'organisation',
  contact: 'contact details',
  name: 'name',
  shortCode: 'short code',
  kind: 'kind',
  callSign: 'call sign',
  address: 'address',
  coordinates: 'map position',
  phone: 'phone',
  hours: 'opening hours',
  eligibility: 'who it takes',
};

function changeText(changes: Record<string, unknown>, names: THistoryNames): string {
  return Object.entries(changes)
    .map(([field, value]) => {
      const label = FIELD_NAMES[field] ?? field;
      if (field === 'role') return `role to ${ROLE_LABELS[value as TRole] ?? String(value)}`;
      if (field === 'organisationId') return `organisation to ${names.organisations.get(String(value)) ?? 'another'}`;
      if (field === 'kind') {
        const kind = String(value);
        const text =
          ORGANISATION_KIND_LABELS[kind as TOrganisationKind] ??
          SERVICE_KIND_LABELS[kind as TServiceKind] ??
          UNIT_KIND_LABELS[kind as TUnitKind] ??
          kind;
        return `kind to ${text}`;
      }
      if (typeof value === 'string' && field !== 'phone') return `${label} to "${value}"`;
      return label;
    })
    .join(', ');
}

/**
 * One administration event in words, with what it was about and why (the reason given, if any).
 * Names are today's, so a renamed account is still recognisable in its older lines.
 */
export function describeAdminEvent(
  event: THistoryEvent,
  names: THistoryNames,
): { subject: string; text: string; reason: string } {
  const d = (event.data ?? {}) as Record<string, unknown>;
  const reason = typeof d.reason === 'string' ? d.reason : '';
  const account = names.accounts.get(event.streamId) ?? 'an account';
  const text = (value: unknown, fallback: string) => (typeof value === 'string' ? value : fallback);
  const org = names.organisations.get(event.streamId) ?? text(d.name, 'an organisation');
  const unit = names.units.get(event.streamId) ?? text(d.callSign, 'a unit');
  const service = names.services.get(event.streamId) ?? text(d.name, 'a service');
  const changes = (d.changes ?? {}) as Record<string, unknown>;
  switch (event.type) {
    case 'area.created':
      return { subject: String(d.name), text: `Area set up (code ${String(d.shortCode)})`, reason };
    case 'area.updated':
      return { subject: 'The area', text: `Changed ${changeText(changes, names)}`, reason };
    case 'organisation.created':
      return { subject: org, text: 'Organisation added', reason };
    case 'organisation.updated':
      return { subject: org, text: `Changed ${changeText(changes, names)}`, reason };
    case 'user.created':
      return {
        subject: account,
        text: `Account created: ${String(d.username)}, ${ROLE_LABELS[d.role as TRole] ?? String(d.role)}`,
        reason,
      };
    case 'user.updated':
      return { subject: account, text: `Changed ${changeText(changes, names)}`, reason };
    case 'user.disabled':
      return { subject: account, text: 'Account disabled; sessions ended', reason };
    case 'user.enabled':
      return { subject: account, text: 'Account enabled', reason };
    case 'user.temporary-password-set':
      return { subject: account, text: 'Temporary password set; sessions ended', reason };
    case 'user.password-changed':
      return { subject: account, text: 'Changed their password', reason };
    case 'user.mfa-enrolled':
      return { subject: account, text: 'Set up their authenticator app', reason };
    case 'user.mfa-reset':
      return { subject: account, text: 'Authenticator reset; sessions ended', reason };
    case 'user.recovery-code-used':
      return { subject: account, text: `Logged in with a recovery code (${String(d.remaining)} left)`, reason };
    case 'user.sessions-revoked':
      return { subject: account, text: `${String(d.count)} session${d.count === 1 ? '' : 's'} ended`, reason };
    case 'service.registered':
      return {
        subject: service,
        text: `Service added: ${SERVICE_KIND_LABELS[d.kind as TServiceKind] ?? String(d.kind)}`,
        reason,
      };
    case 'service.details-updated':
      return { subject: service, text: `Changed ${changeText(changes, names)}`, reason };
    case 'service.totals-changed': {
      const t = (d.totals ?? {}) as { adult?: number; under18?: number };
      return { subject: service, text: `Places: ${t.adult ?? 0} adult, ${t.under18 ?? 0} under-18`, reason };
    }
    case 'unit.registered':
      return { subject: unit, text: `Unit added: ${UNIT_KIND_LABELS[d.kind as TUnitKind] ?? String(d.kind)}`, reason };
    case 'unit.details-updated':
      return { subject: unit, text: `Changed ${changeText(changes, names)}`, reason };
    case 'unit.crew-changed': {
      const members = (d.members ?? []) as { name: string }[];
      return { subject: unit, text: `Crew: ${members.map((m) => m.name).join(', ') || 'nobody'}`, reason };
    }
    default:
      return { subject: event.streamId, text: event.type, reason };
  }
}

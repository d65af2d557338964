import type { TContact, TOrganisationKind, TUserFields } from '../schemas/account';
import type { TActor, TRole } from '../schemas/user';

/**
 * The facts administration records: areas, organisations and accounts are streams like cases, so every
 * change has who, when and why in the one event log. Secrets (password hashes, MFA secrets) are never
 * in an event: they live beside the account and change in the same transaction.
 */
export type TAreaEventData =
  | { type: 'area.created'; data: { name: string; shortCode: string; isDemo: boolean; reason: string } }
  | { type: 'area.updated'; data: { changes: { name?: string; shortCode?: string }; reason: string } };

export type TOrganisationEventData =
  | { type: 'organisation.created'; data: { areaId: string; name: string; kind: TOrganisationKind; reason: string } }
  | {
      type: 'organisation.updated';
      data: { changes: { name?: string; kind?: TOrganisationKind }; reason: string };
    };

export type TUserEventData =
  | {
      type: 'user.created';
      data: {
        areaId: string;
        username: string;
        displayName: string;
        role: TRole;
        organisationId: string;
        contact: TContact;
        isDemo: boolean;
        mustChangePassword: boolean;
        reason: string;
      };
    }
  | { type: 'user.updated'; data: { changes: Partial<Omit<TUserFields, 'username'>>; reason: string } }
  | { type: 'user.disabled'; data: { reason: string } }
  | { type: 'user.enabled'; data: { reason: string } }
  | { type: 'user.temporary-password-set'; data: { reason: string } }
  | { type: 'user.password-changed'; data: Record<string, never> }
  | { type: 'user.mfa-enrolled'; data: Record<string, never> }
  | { type: 'user.mfa-reset'; data: { reason: string } }
  | { type: 'user.recovery-code-used'; data: { remaining: number } }
  | { type: 'user.sessions-revoked'; data: { count: number; reason: string } };

export type TAccountEventData = TAreaEventData | TOrganisationEventData | TUserEventData;

/** An administration event with its place in the log. */
export type TAccountEvent<TData extends TAccountEventData = TAccountEventData> = TData & {
  seq: number;
  streamId: string;
  version: number;
  at: string;
  actor: TActor;
  commandId: string;
};
export type TNewAccountEvent<TData extends TAccountEventData = TAccountEventData> = Omit<TAccountEvent<TData>, 'seq'>;

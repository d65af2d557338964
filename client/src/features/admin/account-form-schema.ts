import { z } from 'zod';
import { ZUserFields } from '@shared/schemas/account';
import { ROLES, ZNewPassword, ZUsername } from '@shared/schemas/user';

/** A role must be chosen on purpose: no default, so nobody gets one by not looking (hazard "wrong role given"). */
const ZChosenRole = z.union([z.literal(''), z.enum(ROLES)]).pipe(z.enum(ROLES, { error: 'Choose a role' }));
const ZChosenOrganisation = z.string().min(1, 'Choose an organisation');
const ZPhone = z.string().trim().max(40, 'At most 40 characters');
const ZEmail = z
  .string()
  .trim()
  .pipe(z.union([z.literal(''), z.email('Not an email address')]));

/** The new-account form: the server's rules, with contact details flattened and blanks allowed where optional. */
export const ZNewAccountForm = z.object({
  displayName: ZUserFields.shape.displayName,
  username: ZUsername,
  role: ZChosenRole,
  organisationId: ZChosenOrganisation,
  phone: ZPhone,
  email: ZEmail,
  temporaryPassword: z.union([z.literal(''), ZNewPassword]),
  reason: z.string().trim().max(300),
});
export type TNewAccountFormIn = z.input<typeof ZNewAccountForm>;
export type TNewAccountFormOut = z.output<typeof ZNewAccountForm>;

/** The edit form of an existing account; the username never changes. */
export const ZEditAccountForm = z.object({
  displayName: ZUserFields.shape.displayName,
  role: z.enum(ROLES),
  organisationId: ZChosenOrganisation,
  phone: ZPhone,
  email: ZEmail,
  reason: z.string().trim().max(300),
});
export type TEditAccountForm = z.input<typeof ZEditAccountForm>;

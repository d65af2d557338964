import type { TAdminCommand } from '@shared/protocol';
import { createOrganisation } from './create-organisation';
import { createUser } from './create-user';
import { resetMfa } from './reset-mfa';
import { revokeSessions } from './revoke-sessions';
import { setTemporaryPassword } from './set-temporary-password';
import { setUserEnabled } from './set-user-enabled';
import type { TAdminHandler } from './types';
import { updateArea } from './update-area';
import { updateOrganisation } from './update-organisation';
import { updateUser } from './update-user';

/** Every administration command, by name. Adding one means one file and one line here. */
export const ADMIN_HANDLERS: { [C in TAdminCommand]: TAdminHandler<C> } = {
  'area:update': updateArea,
  'organisation:create': createOrganisation,
  'organisation:update': updateOrganisation,
  'user:create': createUser,
  'user:update': updateUser,
  'user:set-enabled': setUserEnabled,
  'user:set-temporary-password': setTemporaryPassword,
  'user:reset-mfa': resetMfa,
  'user:revoke-sessions': revokeSessions,
};

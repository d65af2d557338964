import type { TCaseCommand } from '@shared/rules/permissions';
import { addNote } from './cases/add-note';
import { closeCase } from './cases/close-case';
import { createCase } from './cases/create-case';
import { markContactLost } from './cases/mark-contact-lost';
import { restoreContact } from './cases/restore-contact';
import { takeOwnership } from './cases/take-ownership';
import { updateCase } from './cases/update-case';
import type { TCommandHandler } from './types';

/** Every command, by its socket event name. Adding a command means one file and one line here. */
export const COMMAND_HANDLERS: { [C in TCaseCommand]: TCommandHandler<C> } = {
  'case:create': createCase,
  'case:update': updateCase,
  'case:add-note': addNote,
  'case:take-ownership': takeOwnership,
  'case:mark-contact-lost': markContactLost,
  'case:restore-contact': restoreContact,
  'case:close': closeCase,
};

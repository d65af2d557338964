import type { TCaseCommand } from '@shared/rules/permissions';
import { addNote } from './cases/add-note';
import { breakGlass, reviewBreakGlass } from './cases/break-glass';
import { closeCase } from './cases/close-case';
import { createCase } from './cases/create-case';
import { markContactLost } from './cases/mark-contact-lost';
import { restoreContact } from './cases/restore-contact';
import { takeOwnership } from './cases/take-ownership';
import { updateCase } from './cases/update-case';
import { acknowledgeAlert } from './detention/acknowledge-alert';
import { choosePlaceOfSafety } from './detention/choose-place-of-safety';
import { detain } from './detention/detain';
import { endDetention } from './detention/end-detention';
import { extendDetention } from './detention/extend-detention';
import { recordArrival } from './detention/record-arrival';
import { recordAssessment } from './detention/record-assessment';
import { recordHandover } from './detention/record-handover';
import { recordWelfareCheck } from './detention/record-welfare-check';
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
  'case:detain': detain,
  'case:choose-place-of-safety': choosePlaceOfSafety,
  'case:record-arrival': recordArrival,
  'case:record-welfare-check': recordWelfareCheck,
  'case:record-handover': recordHandover,
  'case:record-assessment': recordAssessment,
  'case:extend-detention': extendDetention,
  'case:end-detention': endDetention,
  'case:acknowledge-alert': acknowledgeAlert,
  'case:break-glass': breakGlass,
  'case:review-break-glass': reviewBreakGlass,
};

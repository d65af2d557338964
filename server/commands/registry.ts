import type { z } from 'zod';
import {
  COMMAND_SCHEMAS,
  HANDOVER_COMMAND_SCHEMAS,
  type THandoverCommand,
  SERVICE_COMMAND_SCHEMAS,
  UNIT_COMMAND_SCHEMAS,
  type TServiceCommand,
  type TUnitCommand,
} from '@shared/protocol';
import { canRunServiceCommand } from '@shared/rules/capacity';
import { canRunHandoverCommand } from '@shared/rules/handover-notes';
import { canRunCommand, type TCaseCommand } from '@shared/rules/permissions';
import { HANDOVER_PLANNERS } from './handover/handover-notes';
import { canRunUnitCommand } from '@shared/rules/unit-lifecycle';
import type { TActor, TRole } from '@shared/schemas/user';
import type { TServices } from '../services';
import { addNote } from './cases/add-note';
import { breakGlass, reviewBreakGlass } from './cases/break-glass';
import { closeCase } from './cases/close-case';
import { createCase } from './cases/create-case';
import { decidePersonLink } from './cases/decide-person-link';
import { markContactLost } from './cases/mark-contact-lost';
import { reopenCase } from './cases/reopen-case';
import { restoreContact } from './cases/restore-contact';
import { takeOwnership } from './cases/take-ownership';
import { updateCase } from './cases/update-case';
import { acknowledgeAlert } from './detention/acknowledge-alert';
import { detain } from './detention/detain';
import { extendDetention } from './detention/extend-detention';
import { planChoosePlaceOfSafety, planEndDetention, planRecordArrival } from './detention/place-of-safety-plans';
import { recordAssessment } from './detention/record-assessment';
import { recordHandover } from './detention/record-handover';
import { recordWelfareCheck } from './detention/record-welfare-check';
import { onCase, onService, onUnit, type TPlan } from './pipeline';
import { SERVICE_HANDLERS } from './services/handlers';
import type { TCommandHandler } from './types';
import { UNIT_HANDLERS } from './units/handlers';

export type TOperationalCommand = TCaseCommand | TServiceCommand | TUnitCommand | THandoverCommand;

/** What every command's planner is given: who, where, when, and a source of new ids. */
export interface TPlanContext {
  actor: TActor & { role: TRole };
  areaId: string;
  organisationId: string;
  newId: () => string;
  now: Date;
}

/** One operational command: its payload schema, who may run it, and how it plans its change. */
export interface TCommandEntry {
  schema: z.ZodType;
  isAllowed: (role: TRole) => boolean;
  plan: (input: never, ctx: TPlanContext, services: TServices) => TPlan | Promise<TPlan>;
}

/** A command on one card, made a plan. */
const one =
  <C extends TCaseCommand>(handler: TCommandHandler<C>): TCommandEntry['plan'] =>
  (input, ctx) =>
    onCase(handler(input, ctx));

/** Case commands, by socket event name. Adding a command means one file and one line here. */
const CASE_PLANNERS: { [C in TCaseCommand]: TCommandEntry['plan'] } = {
  'case:create': one(createCase),
  'case:update': one(updateCase),
  'case:add-note': one(addNote),
  'case:take-ownership': one(takeOwnership),
  'case:mark-contact-lost': one(markContactLost),
  'case:restore-contact': one(restoreContact),
  'case:close': closeCase,
  'case:reopen': one(reopenCase),
  'case:detain': one(detain),
  'case:choose-place-of-safety': planChoosePlaceOfSafety,
  'case:record-arrival': planRecordArrival,
  'case:record-welfare-check': one(recordWelfareCheck),
  'case:record-handover': one(recordHandover),
  'case:record-assessment': one(recordAssessment),
  'case:extend-detention': one(extendDetention),
  'case:end-detention': planEndDetention,
  'case:acknowledge-alert': one(acknowledgeAlert),
  'case:break-glass': one(breakGlass),
  'case:review-break-glass': one(reviewBreakGlass),
  'case:decide-person-link': decidePersonLink,
};

const entries = <C extends string>(
  planners: Record<C, TCommandEntry['plan']>,
  schemas: Record<C, z.ZodType>,
  isAllowed: (role: TRole, command: C) => boolean,
) =>
  Object.fromEntries(
    (Object.keys(planners) as C[]).map((name) => [
      name,
      { schema: schemas[name], isAllowed: (role: TRole) => isAllowed(role, name), plan: planners[name] },
    ]),
  ) as Record<C, TCommandEntry>;

/** Service and unit handlers answer with a plan on their stream, or (several streams) a whole plan. */
function plannersOf<C extends string, TOne>(
  handlers: Record<C, (input: never, ctx: never, services: TServices) => TOne | TPlan | Promise<TOne | TPlan>>,
  toPlan: (one: TOne) => TPlan,
): Record<C, TCommandEntry['plan']> {
  const isPlan = (p: TOne | TPlan): p is TPlan => typeof p === 'object' && p !== null && 'streams' in p;
  return Object.fromEntries(
    (Object.keys(handlers) as C[]).map((name) => [
      name,
      async (input: never, ctx: TPlanContext, services: TServices) => {
        const planned = await handlers[name](input, ctx as never, services);
        return isPlan(planned) ? planned : toPlan(planned);
      },
    ]),
  ) as Record<C, TCommandEntry['plan']>;
}

/** Every operational command — cases, services and holds, units — on the one pipeline. */
export const OPERATIONAL_COMMANDS: Record<TOperationalCommand, TCommandEntry> = {
  ...entries(CASE_PLANNERS, COMMAND_SCHEMAS, canRunCommand),
  ...entries(plannersOf(SERVICE_HANDLERS, onService), SERVICE_COMMAND_SCHEMAS, canRunServiceCommand),
  ...entries(plannersOf(UNIT_HANDLERS, onUnit), UNIT_COMMAND_SCHEMAS, canRunUnitCommand),
  ...entries(HANDOVER_PLANNERS, HANDOVER_COMMAND_SCHEMAS, canRunHandoverCommand),
};

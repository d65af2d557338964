import { z } from 'zod';
import { createDocument } from 'zod-openapi';
import { ZAppError } from '@shared/errors';
import { ZAccessPage, ZAccessQuery } from '@shared/schemas/audit';
import { ZIncomingList } from '@shared/schemas/incoming';
import { ZDrill, ZHomeOfficeValidation, ZReport, ZReportCards, ZReportQuery } from '@shared/schemas/report';
import {
  ZHandover,
  ZHandoverAcknowledgeRequest,
  ZHandoverCommandResult,
  ZHandoverWriteRequest,
  ZPrintedRecord,
} from '@shared/schemas/handover';
import {
  ZCaseSearchQuery,
  ZCaseSearchResponse,
  ZClosedCaseList,
  ZClosedCasesQuery,
  ZPersonHistory,
} from '@shared/schemas/search';
import {
  ZCaseAddNoteRequest,
  ZCaseBreakGlassRequest,
  ZCaseDecidePersonLinkRequest,
  ZCaseReviewBreakGlassRequest,
  ZCaseCloseRequest,
  ZCaseReopenRequest,
  ZCaseCreateRequest,
  ZCaseList,
  ZCaseMarkContactLostRequest,
  ZCaseRestoreContactRequest,
  ZCaseTakeOwnershipRequest,
  ZCaseUpdateRequest,
  ZCaseWithTimeline,
  ZCommandResult,
  ZDetentionList,
} from '@shared/schemas/case';
import {
  ZAcknowledgeAlertRequest,
  ZChoosePlaceOfSafetyRequest,
  ZDetainRequest,
  ZEndDetentionRequest,
  ZExtendDetentionRequest,
  ZRecordArrivalFields,
  ZRecordAssessmentRequest,
  ZRecordHandoverRequest,
  ZRecordWelfareCheckRequest,
} from '@shared/schemas/detention';
import { ZBoard, ZOccupancyHistory, ZOccupancyRange, ZServiceList } from '@shared/schemas/board';
import {
  ZHoldAcceptRequest,
  ZHoldArriveRequest,
  ZHoldDeclineRequest,
  ZHoldPlaceRequest,
  ZHoldReleaseRequest,
  ZService,
  ZServiceCommandResult,
  ZServiceConfirmRequest,
  ZServiceMovePlacesRequest,
  ZServiceRegisterRequest,
  ZServiceSetPlacesRequest,
  ZServiceSetStatusRequest,
  ZServiceSetTotalsRequest,
  ZServiceUpdateDetailsRequest,
} from '@shared/schemas/service';
import {
  ZResponseIntervals,
  ZUnitAcceptRequest,
  ZUnitAcknowledgeSosRequest,
  ZUnitStandDownRequest,
  ZUnitCommandResult,
  ZUnitDeclineRequest,
  ZUnitDispatchRequest,
  ZUnitList,
  ZUnitRegisterRequest,
  ZUnitSetCrewRequest,
  ZUnitSetLocationRequest,
  ZUnitSetShiftRequest,
  ZUnitSetStatusRequest,
  ZUnitSosRequest,
  ZUnitUpdateDetailsRequest,
} from '@shared/schemas/unit';
import {
  ZChangePasswordRequest,
  ZLoginRequest,
  ZMfaCodeRequest,
  ZMfaEnrolled,
  ZMfaEnrolment,
  ZSessionState,
  ZUnlockRequest,
} from '@shared/schemas/user';
import {
  ZAccountCommandResult,
  ZAccountListItem,
  ZAdminHistory,
  ZArea,
  ZAreaCommandResult,
  ZAreaUpdateRequest,
  ZCrewCandidate,
  ZDirectory,
  ZImportReport,
  ZImportRequest,
  ZInstanceInfo,
  ZOrganisation,
  ZOrganisationCommandResult,
  ZOrganisationCreateRequest,
  ZOrganisationUpdateRequest,
  ZSessionSummary,
  ZSetupRequest,
  ZUserCreateRequest,
  ZUserResetMfaRequest,
  ZUserRevokeSessionsRequest,
  ZUserSetEnabledRequest,
  ZUserSetTemporaryPasswordRequest,
  ZUserUpdateRequest,
} from '@shared/schemas/account';

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });
const errors = {
  '400': { description: 'Invalid input', ...json(ZAppError) },
  '401': { description: 'Not logged in', ...json(ZAppError) },
  '403': { description: 'Role not allowed', ...json(ZAppError) },
  '404': { description: 'No such case', ...json(ZAppError) },
  '409': { description: 'Stale version (conflict carries the current card) or reused commandId', ...json(ZAppError) },
  '422': { description: 'A rule refused the change (ruleId names it)', ...json(ZAppError) },
};
const caseIdParam = { path: z.object({ id: z.uuid() }) };

/** A case command over HTTP: the body is the socket payload without the ids that are in the path. */
function caseCommand(
  summary: string,
  body: z.ZodObject,
  pathIds: { caseId: true; alertId?: true; useId?: true } = { caseId: true },
) {
  const second = pathIds.alertId ? { alertId: z.string() } : pathIds.useId ? { useId: z.string() } : null;
  return {
    summary,
    requestParams: second ? { path: z.object({ id: z.uuid(), ...second }) } : caseIdParam,
    requestBody: json(body.omit(pathIds)),
    responses: {
      '200': { description: 'Applied (or the first result of a repeated commandId)', ...json(ZCommandResult) },
      ...errors,
    },
  };
}

const serviceIdParam = { path: z.object({ id: z.uuid() }) };
const holdParams = { path: z.object({ id: z.uuid(), holdId: z.uuid() }) };

/**
 * A service command over HTTP. The body is the socket payload; ids in the path are copied into it and
 * win over any in the body (several of these schemas carry cross-field rules, so they are shown whole).
 */
function serviceCommand(summary: string, body: z.ZodType, params: 'service' | 'hold' = 'service') {
  return {
    summary,
    requestParams: params === 'hold' ? holdParams : serviceIdParam,
    requestBody: json(body),
    responses: {
      '200': { description: 'Applied (or the first result of a repeated commandId)', ...json(ZServiceCommandResult) },
      ...errors,
    },
  };
}

const unitIdParam = { path: z.object({ id: z.uuid() }) };

/** A unit command over HTTP: the body is the socket payload; the unit id in the path wins. */
function unitCommand(summary: string, body: z.ZodObject) {
  return {
    summary,
    requestParams: unitIdParam,
    requestBody: json(body.omit({ unitId: true })),
    responses: {
      '200': { description: 'Applied (or the first result of a repeated commandId)', ...json(ZUnitCommandResult) },
      ...errors,
    },
  };
}

/** A login step: its body, answered with what the session now is. */
function loginStep(summary: string, body: z.ZodType) {
  return {
    summary,
    requestBody: json(body),
    responses: { '200': { description: 'The session now (next step, or active)', ...json(ZSessionState) }, ...errors },
  };
}

const userIdParam = { path: z.object({ id: z.string() }) };

/** An administration command over HTTP (administrators only): the body, with the id in the path. */
function adminCommand(summary: string, body: z.ZodType, result: z.ZodType, withId = true) {
  return {
    summary: `${summary} (administrators)`,
    ...(withId ? { requestParams: userIdParam } : {}),
    requestBody: json(body),
    responses: {
      '200': { description: 'Applied (or the first result of a repeated commandId)', ...json(result) },
      ...errors,
    },
  };
}

/** OpenAPI 3.1, generated from the same zod schemas that validate every request. */
export function buildOpenApiDocument() {
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Concordat API',
      version: '1',
      description:
        'Live case cards for mental-health crisis care. Log in with POST /session to receive a session cookie. ' +
        'Every command carries a client-generated commandId; repeating it returns the first result.',
    },
    paths: {
      '/api/v1/instance': {
        get: {
          summary: 'What this installation is before anyone logs in: demo, waiting for setup, or live',
          responses: { '200': { description: 'Mode and readiness', ...json(ZInstanceInfo) } },
        },
      },
      '/api/v1/setup': {
        post: {
          summary: 'First run: create the area, its first organisation and administrator (needs the setup token)',
          requestBody: json(ZSetupRequest),
          responses: {
            '201': { description: 'Set up; the administrator is logged in at MFA enrolment', ...json(ZSessionState) },
            ...errors,
          },
        },
      },
      '/api/v1/session': {
        post: {
          ...loginStep('Log in with username and password; sets the session cookie', ZLoginRequest),
        },
        get: {
          summary: 'Current session: active, or the login step it waits for, or locked',
          responses: { '200': { description: 'Session', ...json(ZSessionState) }, ...errors },
        },
        delete: {
          summary: 'Log out; closes this session’s live connections',
          responses: { '204': { description: 'Logged out' } },
        },
      },
      '/api/v1/session/mfa': { post: loginStep('Second factor: a TOTP code or a recovery code', ZMfaCodeRequest) },
      '/api/v1/session/password': {
        post: loginStep(
          'Change your password (the current one is needed unless it was temporary)',
          ZChangePasswordRequest,
        ),
      },
      '/api/v1/session/mfa/enrolment': {
        post: {
          summary: 'Start MFA enrolment: a new secret as a QR code',
          responses: {
            '200': { description: 'Secret, otpauth address and QR code', ...json(ZMfaEnrolment) },
            ...errors,
          },
        },
      },
      '/api/v1/session/mfa/enrolment/confirm': {
        post: {
          summary: 'Finish MFA enrolment with a code from the app; answers with ten recovery codes, once',
          requestBody: json(ZMfaCodeRequest),
          responses: { '200': { description: 'Enrolled', ...json(ZMfaEnrolled) }, ...errors },
        },
      },
      '/api/v1/session/unlock': { post: loginStep('Unlock an idle session with the password', ZUnlockRequest) },
      '/api/v1/directory': {
        get: {
          summary: 'Names of your area and its organisations',
          responses: { '200': { description: 'Directory', ...json(ZDirectory) }, ...errors },
        },
      },
      '/api/v1/crew-candidates': {
        get: {
          summary: 'People a unit can be crewed by: enabled accounts in crew roles (duty managers, administrators)',
          responses: {
            '200': { description: 'Candidates', ...json(z.object({ candidates: z.array(ZCrewCandidate) })) },
            ...errors,
          },
        },
      },
      '/api/v1/admin/area': {
        get: {
          summary: 'Your area (administrators)',
          responses: { '200': { description: 'Area', ...json(ZArea) }, ...errors },
        },
        patch: adminCommand('Rename the area or change its short code', ZAreaUpdateRequest, ZAreaCommandResult, false),
      },
      '/api/v1/admin/organisations': {
        get: {
          summary: 'Organisations of your area (administrators)',
          responses: {
            '200': { description: 'Organisations', ...json(z.object({ organisations: z.array(ZOrganisation) })) },
            ...errors,
          },
        },
        post: adminCommand('Add an organisation', ZOrganisationCreateRequest, ZOrganisationCommandResult, false),
      },
      '/api/v1/admin/organisations/{id}': {
        patch: adminCommand(
          'Rename an organisation or change its kind',
          ZOrganisationUpdateRequest,
          ZOrganisationCommandResult,
        ),
      },
      '/api/v1/admin/users': {
        get: {
          summary: 'Accounts of your area with their units and sessions (administrators)',
          responses: {
            '200': { description: 'Accounts', ...json(z.object({ users: z.array(ZAccountListItem) })) },
            ...errors,
          },
        },
        post: adminCommand(
          'Create an account with a temporary password (shown once), to be changed at first login',
          ZUserCreateRequest,
          ZAccountCommandResult,
          false,
        ),
      },
      '/api/v1/admin/users/{id}': {
        patch: adminCommand(
          'Change name, role, organisation or contact (a new role ends their sessions)',
          ZUserUpdateRequest,
          ZAccountCommandResult,
        ),
      },
      '/api/v1/admin/users/{id}/enabled': {
        post: adminCommand(
          'Enable or disable (disabling ends every session at once)',
          ZUserSetEnabledRequest,
          ZAccountCommandResult,
        ),
      },
      '/api/v1/admin/users/{id}/temporary-password': {
        post: adminCommand(
          'Set a temporary password (given or generated, shown once)',
          ZUserSetTemporaryPasswordRequest,
          ZAccountCommandResult,
        ),
      },
      '/api/v1/admin/users/{id}/mfa-reset': {
        post: adminCommand(
          'Reset MFA: the next login enrols a new authenticator',
          ZUserResetMfaRequest,
          ZAccountCommandResult,
        ),
      },
      '/api/v1/admin/users/{id}/sessions': {
        get: {
          summary: 'A person’s live sessions (administrators)',
          requestParams: userIdParam,
          responses: {
            '200': { description: 'Sessions', ...json(z.object({ sessions: z.array(ZSessionSummary) })) },
            ...errors,
          },
        },
      },
      '/api/v1/admin/users/{id}/sessions/revoke': {
        post: adminCommand(
          'End one session or all of a person’s sessions',
          ZUserRevokeSessionsRequest,
          ZAccountCommandResult,
        ),
      },
      '/api/v1/admin/history': {
        get: {
          summary: 'The administration history, newest first (administrators)',
          requestParams: { query: z.object({ before: z.int().optional() }) },
          responses: { '200': { description: 'History', ...json(ZAdminHistory) }, ...errors },
        },
      },
      '/api/v1/admin/imports/users': {
        post: {
          summary:
            'Import accounts from CSV: a dry run reports every row; the import applies all rows or none (administrators)',
          requestBody: json(ZImportRequest),
          responses: {
            '200': { description: 'Dry-run report', ...json(ZImportReport) },
            '201': { description: 'Imported; temporary passwords shown once', ...json(ZImportReport) },
            ...errors,
          },
        },
      },
      '/api/v1/admin/imports/services': {
        post: {
          summary: 'Import services from CSV, with the same dry run (administrators)',
          requestBody: json(ZImportRequest),
          responses: {
            '200': { description: 'Dry-run report', ...json(ZImportReport) },
            '201': { description: 'Imported', ...json(ZImportReport) },
            ...errors,
          },
        },
      },
      '/api/v1/cases': {
        get: {
          summary: 'Open cases in your area, in queue order',
          responses: { '200': { description: 'Queue', ...json(ZCaseList) }, ...errors },
        },
        post: {
          summary: 'Open a case card',
          requestBody: json(ZCaseCreateRequest),
          responses: { '201': { description: 'Created', ...json(ZCommandResult) }, ...errors },
        },
      },
      '/api/v1/cases/search': {
        get: {
          summary:
            'Find cards, open and closed, in your area by name (spelling-tolerant), NHS number, date of birth, phone, address or reference; only the fields your role reads are searched (R-SEARCH-REDACT; access-logged)',
          requestParams: { query: ZCaseSearchQuery },
          responses: { '200': { description: 'Best match first', ...json(ZCaseSearchResponse) }, ...errors },
        },
      },
      '/api/v1/cases/closed': {
        get: {
          summary:
            'Closed cards in your area by when they closed, outcome and owner, most recent first (access-logged)',
          requestParams: { query: ZClosedCasesQuery },
          responses: { '200': { description: 'Closed cards', ...json(ZClosedCaseList) }, ...errors },
        },
      },
      '/api/v1/cases/{id}/person': {
        get: {
          summary:
            "The person's previous contacts (linked by NHS number or a confirmed link) and cards that may be theirs; health roles only (R-PERSON-HISTORY; access-logged)",
          requestParams: caseIdParam,
          responses: { '200': { description: 'History and suggestions', ...json(ZPersonHistory) }, ...errors },
        },
      },
      '/api/v1/cases/{id}/person-links': {
        post: caseCommand(
          'Confirm or reject that another card is about the same person: an event on both cards (R-PERSON-LINK)',
          ZCaseDecidePersonLinkRequest,
        ),
      },
      '/api/v1/cases/{id}/record': {
        get: {
          summary:
            'One card to print: details, timeline and history, stamped with who printed it and when (access-logged every time)',
          requestParams: caseIdParam,
          responses: { '200': { description: 'The record', ...json(ZPrintedRecord) }, ...errors },
        },
      },
      '/api/v1/handover': {
        get: {
          summary:
            'The shift handover for the control room: open cards, what changed in the last hours, running legal clocks, units (access-logged)',
          responses: { '200': { description: 'Handover', ...json(ZHandover) }, ...errors },
        },
      },
      '/api/v1/handover/note': {
        put: {
          summary:
            "Write (or rewrite, until it is acknowledged) this shift's note for the next; the shift is the server's (R-HANDOVER)",
          requestBody: json(ZHandoverWriteRequest),
          responses: { '200': { description: 'The note', ...json(ZHandoverCommandResult) }, ...errors },
        },
      },
      '/api/v1/handover/notes/{noteId}/acknowledge': {
        post: {
          summary: "The next shift acknowledges the previous shift's note, once its own shift has begun (R-HANDOVER)",
          requestParams: { path: z.object({ noteId: z.string() }) },
          requestBody: json(ZHandoverAcknowledgeRequest.omit({ noteId: true })),
          responses: { '200': { description: 'The note', ...json(ZHandoverCommandResult) }, ...errors },
        },
      },
      '/api/v1/cases/incoming': {
        get: {
          summary:
            "Place-of-safety and crisis-alternative staff: the people coming to their own organisation's services, each card in their role's receiving view (R-LINK-RECEIVING; access-logged)",
          responses: { '200': { description: 'Incoming', ...json(ZIncomingList) }, ...errors },
        },
      },
      '/api/v1/cases/{id}': {
        get: {
          summary: 'One case with its timeline (access-logged)',
          requestParams: caseIdParam,
          responses: { '200': { description: 'Card and timeline', ...json(ZCaseWithTimeline) }, ...errors },
        },
        patch: caseCommand('Update fields (optimistic concurrency)', ZCaseUpdateRequest),
      },
      '/api/v1/cases/{id}/notes': { post: caseCommand('Add a note', ZCaseAddNoteRequest) },
      '/api/v1/cases/{id}/ownership': { post: caseCommand('Take ownership', ZCaseTakeOwnershipRequest) },
      '/api/v1/cases/{id}/contact-lost': { post: caseCommand('Mark contact lost', ZCaseMarkContactLostRequest) },
      '/api/v1/cases/{id}/contact-restored': { post: caseCommand('Mark contact restored', ZCaseRestoreContactRequest) },
      '/api/v1/cases/{id}/close': {
        post: caseCommand(
          'Close with an outcome (R-NTA-1); stands down its units and releases its places in the same change (R-LINK-CLOSE)',
          ZCaseCloseRequest,
        ),
      },
      '/api/v1/cases/{id}/reopen': {
        post: caseCommand(
          'Reopen a closed card with a reason (operators, duty managers; R-LINK-REOPEN)',
          ZCaseReopenRequest,
        ),
      },
      '/api/v1/detentions': {
        get: {
          summary: 'Running s136/s135 detentions in your area with server-computed deadlines, oldest clock first',
          requestParams: { query: z.object({ awaiting: z.enum(['assessment']).optional() }) },
          responses: { '200': { description: 'Detentions', ...json(ZDetentionList) }, ...errors },
        },
      },
      '/api/v1/reports': {
        get: {
          summary:
            'Every report for a period of your area: response times, turn-aways, s136/s135, outcomes, inequalities (R-REPORT-*). Duty managers: exact figures with the cards behind each; commissioners: aggregates only, small numbers suppressed and rounded (R-REPORT-SDC)',
          requestParams: { query: ZReportQuery },
          responses: { '200': { description: 'The report', ...json(ZReport) }, ...errors },
        },
      },
      '/api/v1/reports/cards': {
        get: {
          summary:
            "The cards behind one figure, as the report's drill gave it (duty managers; each card access-logged, R-REPORT-DRILL)",
          requestParams: {
            query: ZReportQuery.extend({
              set: ZDrill.shape.set,
              where: z.string().meta({ description: "The drill's `where` as JSON" }),
            }),
          },
          responses: { '200': { description: 'Cards', ...json(ZReportCards) }, ...errors },
        },
      },
      '/api/v1/reports/home-office-return/validation': {
        get: {
          summary:
            'Detentions of the financial year missing an answer the Home Office return needs, each with its card (duty managers, R-HO-RETURN)',
          requestParams: {
            query: z.object({
              year: z.string().optional().meta({ description: 'The year it starts, e.g. 2026 for 2026/27' }),
            }),
          },
          responses: { '200': { description: 'Validation', ...json(ZHomeOfficeValidation) }, ...errors },
        },
      },
      '/api/v1/reports/home-office-return.{format}': {
        get: {
          summary:
            'The Home Office s136/s135 return for a financial year as CSV or XLSX: one row per detention, UK local times, no names or references (duty managers; access-logged every time)',
          requestParams: {
            path: z.object({ format: z.enum(['csv', 'xlsx']) }),
            query: z.object({ year: z.string().optional() }),
          },
          responses: {
            '200': {
              description: 'The file, one row per detention',
              content: {
                'text/csv': { schema: z.string() },
                'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: z.string() },
              },
            },
            ...errors,
          },
        },
      },
      '/api/v1/audit/access': {
        get: {
          summary:
            'Who saw which card when: the access log of your area, newest first, filtered by card (id or reference), user (username or id), time and action; each search is itself logged (R-IG-AUDIT; IG lead and duty managers)',
          requestParams: { query: ZAccessQuery },
          responses: {
            '200': { description: 'One page of entries', content: { 'application/json': { schema: ZAccessPage } } },
            ...errors,
          },
        },
      },
      '/api/v1/audit/access.csv': {
        get: {
          summary:
            'The same search as CSV (up to 20,000 entries, spreadsheet formulas neutralised); the export is itself logged (R-IG-AUDIT)',
          requestParams: { query: ZAccessQuery.omit({ before: true, limit: true }) },
          responses: {
            '200': { description: 'CSV, one row per entry', content: { 'text/csv': { schema: z.string() } } },
            ...errors,
          },
        },
      },
      '/api/v1/cases/{id}/detention': {
        post: caseCommand(
          'Record a s136 or s135 detention (police only; R-S136-PLACE, R-S136-CONSULT)',
          ZDetainRequest,
        ),
      },
      '/api/v1/cases/{id}/detention/place-of-safety': {
        post: caseCommand(
          'Choose the place of safety or transfer (R-POS-CHILD, R-POS-ADULT, R-S136-TRANSFER)',
          ZChoosePlaceOfSafetyRequest,
        ),
      },
      '/api/v1/cases/{id}/detention/arrival': {
        post: caseCommand('Record arrival and entry (R-S136-CLOCK-1)', ZRecordArrivalFields),
      },
      '/api/v1/cases/{id}/detention/welfare-checks': {
        post: caseCommand('Record a police-station welfare check (R-POS-WELFARE)', ZRecordWelfareCheckRequest),
      },
      '/api/v1/cases/{id}/detention/handover': {
        post: caseCommand('Record the police handover (R-RCRP-HANDOVER)', ZRecordHandoverRequest),
      },
      '/api/v1/cases/{id}/detention/assessments': {
        post: caseCommand("Record the doctor's examination or the AMHP interview", ZRecordAssessmentRequest),
      },
      '/api/v1/cases/{id}/detention/extension': {
        post: caseCommand('Extend once, by the examining doctor (R-S136-EXT)', ZExtendDetentionRequest),
      },
      '/api/v1/cases/{id}/detention/end': {
        post: caseCommand('End the detention with its outcome (R-S136-END)', ZEndDetentionRequest),
      },
      '/api/v1/cases/{id}/alerts/{alertId}/acknowledge': {
        post: caseCommand('Acknowledge an alert', ZAcknowledgeAlertRequest, { caseId: true, alertId: true }),
      },
      '/api/v1/cases/{id}/break-glass': {
        post: caseCommand(
          'Open the withheld details of one card with a reason, for a limited time; alerts the duty manager (R-IG-BREAKGLASS)',
          ZCaseBreakGlassRequest,
        ),
      },
      '/api/v1/cases/{id}/break-glass/{useId}/review': {
        post: caseCommand(
          'Record a finding on a break-glass use (duty managers; R-IG-BREAKGLASS)',
          ZCaseReviewBreakGlassRequest,
          { caseId: true, useId: true },
        ),
      },
      '/api/v1/services': {
        get: {
          summary: 'The service registry of your area with live capacity, freshness and holds',
          responses: { '200': { description: 'Services', ...json(ZServiceList) }, ...errors },
        },
        post: {
          summary: 'Register a service (duty managers, administrators)',
          requestBody: json(ZServiceRegisterRequest),
          responses: { '201': { description: 'Registered', ...json(ZServiceCommandResult) }, ...errors },
        },
      },
      '/api/v1/services/{id}': {
        get: {
          summary: 'One service',
          requestParams: serviceIdParam,
          responses: { '200': { description: 'Service', ...json(ZService) }, ...errors },
        },
        patch: serviceCommand(
          'Change registry details (own organisation, or a duty manager)',
          ZServiceUpdateDetailsRequest,
        ),
      },
      '/api/v1/services/{id}/totals': {
        put: serviceCommand(
          'Set the registry’s place totals (duty managers, administrators)',
          ZServiceSetTotalsRequest,
        ),
      },
      '/api/v1/services/{id}/place-moves': {
        post: serviceCommand('Move places between free, occupied, cleaning and closed', ZServiceMovePlacesRequest),
      },
      '/api/v1/services/{id}/places': {
        put: serviceCommand('Recount one category of places (optimistic concurrency)', ZServiceSetPlacesRequest),
      },
      '/api/v1/services/{id}/status': {
        post: serviceCommand('Set open / closed / full / diverting, with a reason', ZServiceSetStatusRequest),
      },
      '/api/v1/services/{id}/confirmations': {
        post: serviceCommand('Confirm the figures are still accurate (logs who checked)', ZServiceConfirmRequest),
      },
      '/api/v1/services/{id}/holds': {
        post: serviceCommand('Hold a place for a case (expires by itself)', ZHoldPlaceRequest),
      },
      '/api/v1/services/{id}/holds/{holdId}/accept': {
        post: serviceCommand('Accept a hold (receiving service)', ZHoldAcceptRequest, 'hold'),
      },
      '/api/v1/services/{id}/holds/{holdId}/decline': {
        post: serviceCommand(
          'Decline a hold with a reason and onward route (R-NTA-1: a turn-away)',
          ZHoldDeclineRequest,
          'hold',
        ),
      },
      '/api/v1/services/{id}/holds/{holdId}/arrival': {
        post: serviceCommand('The person arrived: the held place becomes occupied', ZHoldArriveRequest, 'hold'),
      },
      '/api/v1/services/{id}/holds/{holdId}/release': {
        post: serviceCommand('Give a held place back', ZHoldReleaseRequest, 'hold'),
      },
      '/api/v1/units': {
        get: {
          summary: 'Units of your area with status, time in status, location, dispatch and SOS',
          responses: { '200': { description: 'Units', ...json(ZUnitList) }, ...errors },
        },
        post: {
          summary: 'Register a unit and its crew (duty managers, administrators)',
          requestBody: json(ZUnitRegisterRequest),
          responses: { '201': { description: 'Registered', ...json(ZUnitCommandResult) }, ...errors },
        },
      },
      '/api/v1/units/{id}': {
        patch: unitCommand(
          'Change call sign, kind or organisation (duty managers, administrators)',
          ZUnitUpdateDetailsRequest,
        ),
      },
      '/api/v1/units/{id}/crew': {
        put: unitCommand(
          'Set the crew: enabled accounts in crew roles (duty managers, administrators)',
          ZUnitSetCrewRequest,
        ),
      },
      '/api/v1/units/{id}/shift': { post: unitCommand('Start or end the shift', ZUnitSetShiftRequest) },
      '/api/v1/units/{id}/dispatch': {
        post: unitCommand(
          'Dispatch to a case; must be accepted in time or it escalates; a committed unit needs a re-task reason',
          ZUnitDispatchRequest,
        ),
      },
      '/api/v1/units/{id}/accept': { post: unitCommand('Accept the dispatch (crew)', ZUnitAcceptRequest) },
      '/api/v1/units/{id}/decline': {
        post: unitCommand('Decline the dispatch with a reason (crew)', ZUnitDeclineRequest),
      },
      '/api/v1/units/{id}/status': {
        post: unitCommand('Change status (crew; carries the version it was based on)', ZUnitSetStatusRequest),
      },
      '/api/v1/units/{id}/location': {
        post: unitCommand('Report location (device or by hand)', ZUnitSetLocationRequest),
      },
      '/api/v1/units/{id}/sos': {
        post: unitCommand('SOS / duress: alerts operators and the duty manager', ZUnitSosRequest),
      },
      '/api/v1/units/{id}/sos/acknowledge': {
        post: unitCommand('Acknowledge an SOS (operators, duty managers)', ZUnitAcknowledgeSosRequest),
      },
      '/api/v1/units/{id}/stand-down': {
        post: unitCommand(
          'Stand the unit down from its job, or cancel its dispatch, with a reason the crew read (operators, duty managers)',
          ZUnitStandDownRequest,
        ),
      },
      '/api/v1/cases/{id}/intervals': {
        get: {
          summary: 'Response-interval stamps of a case (call received … clear), each from an event',
          requestParams: caseIdParam,
          responses: { '200': { description: 'Stamps (null until reached)', ...json(ZResponseIntervals) }, ...errors },
        },
      },
      '/api/v1/capacity/board': {
        get: {
          summary: 'The capacity board: OPEL level with reasons, open cases by priority, detention clocks (no names)',
          responses: { '200': { description: 'Board', ...json(ZBoard) }, ...errors },
        },
      },
      '/api/v1/capacity/history': {
        get: {
          summary: 'Occupancy over the last 24 hours or 7 days, from the event history',
          requestParams: { query: z.object({ range: ZOccupancyRange.optional() }) },
          responses: { '200': { description: 'Series', ...json(ZOccupancyHistory) }, ...errors },
        },
      },
    },
  });
}

import { z } from 'zod';
import { createDocument } from 'zod-openapi';
import { ZAppError } from '@shared/errors';
import {
  ZCaseAddNoteRequest,
  ZCaseCloseRequest,
  ZCaseCreateRequest,
  ZCaseList,
  ZCaseMarkContactLostRequest,
  ZCaseRestoreContactRequest,
  ZCaseTakeOwnershipRequest,
  ZCaseUpdateRequest,
  ZCaseWithTimeline,
  ZCommandResult,
} from '@shared/schemas/case';
import { ZLoginRequest, ZSessionInfo } from '@shared/schemas/user';

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

/** A case command over HTTP: the body is the socket payload without caseId (it is in the path). */
function caseCommand(summary: string, body: z.ZodObject) {
  return {
    summary,
    requestParams: caseIdParam,
    requestBody: json(body.omit({ caseId: true })),
    responses: {
      '200': { description: 'Applied (or the first result of a repeated commandId)', ...json(ZCommandResult) },
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
      '/api/v1/session': {
        post: {
          summary: 'Log in',
          requestBody: json(ZLoginRequest),
          responses: { '200': { description: 'Logged in; sets the session cookie', ...json(ZSessionInfo) }, ...errors },
        },
        get: {
          summary: 'Current session',
          responses: { '200': { description: 'Session', ...json(ZSessionInfo) }, ...errors },
        },
        delete: {
          summary: 'Log out; closes this session’s live connections',
          responses: { '204': { description: 'Logged out' } },
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
      '/api/v1/cases/{id}/close': { post: caseCommand('Close with an outcome (R-NTA-1)', ZCaseCloseRequest) },
    },
  });
}

import { infiniteQueryOptions, queryOptions, useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import type { z } from 'zod';
import type { TAck, TAppError } from '@shared/errors';
import type { ADMIN_COMMAND_SCHEMAS, TAdminCommand, TAdminCommandResult } from '@shared/protocol';
import type {
  TAccountListItem,
  TAdminHistory,
  TArea,
  TImportReport,
  TOrganisation,
  TSessionSummary,
} from '@shared/schemas/account';
import { api, ApiError } from '../../api/http';
import { queryKeys } from '../../api/query-keys';

/** Every account of the area; refetched each minute too, since "last active" moves without an event. */
export const usersQuery = queryOptions({
  queryKey: queryKeys.admin.users(),
  queryFn: () => api<{ users: TAccountListItem[] }>('/admin/users'),
  refetchInterval: 60_000,
});

export const organisationsQuery = queryOptions({
  queryKey: queryKeys.admin.organisations(),
  queryFn: () => api<{ organisations: TOrganisation[] }>('/admin/organisations'),
});

/** The area with its version, which an edit must name (the directory has no version). */
export const areaQuery = queryOptions({
  queryKey: queryKeys.admin.area(),
  queryFn: () => api<TArea>('/admin/area'),
});

/** One person's sessions; logins and idle locks raise no event, so it is polled while shown. */
export const sessionsQuery = (userId: string) =>
  queryOptions({
    queryKey: queryKeys.admin.sessions(userId),
    queryFn: () => api<{ sessions: TSessionSummary[] }>(`/admin/users/${encodeURIComponent(userId)}/sessions`),
    refetchInterval: 30_000,
  });

/** The administration history, a page of 100 at a time, newest first. */
export const historyQuery = infiniteQueryOptions({
  queryKey: queryKeys.admin.history(),
  queryFn: ({ pageParam }) =>
    api<TAdminHistory>(pageParam === null ? '/admin/history' : `/admin/history?before=${pageParam}`),
  initialPageParam: null as number | null,
  getNextPageParam: (page) => page.nextBefore,
});

/** What a command form fills in; the commandId is added when it is sent. */
export type TAdminInput<C extends TAdminCommand> = Omit<z.input<(typeof ADMIN_COMMAND_SCHEMAS)[C]>, 'commandId'>;

type TIds = { userId?: string; organisationId?: string };
const at = (id: string | undefined) => encodeURIComponent(id ?? '');

/** Where each administration command goes over HTTP (server/http/admin-routes.ts). */
const ROUTES: Record<TAdminCommand, { method: 'POST' | 'PATCH'; path: (ids: TIds) => string }> = {
  'area:update': { method: 'PATCH', path: () => '/admin/area' },
  'organisation:create': { method: 'POST', path: () => '/admin/organisations' },
  'organisation:update': { method: 'PATCH', path: (i) => `/admin/organisations/${at(i.organisationId)}` },
  'user:create': { method: 'POST', path: () => '/admin/users' },
  'user:update': { method: 'PATCH', path: (i) => `/admin/users/${at(i.userId)}` },
  'user:set-enabled': { method: 'POST', path: (i) => `/admin/users/${at(i.userId)}/enabled` },
  'user:set-temporary-password': { method: 'POST', path: (i) => `/admin/users/${at(i.userId)}/temporary-password` },
  'user:reset-mfa': { method: 'POST', path: (i) => `/admin/users/${at(i.userId)}/mfa-reset` },
  'user:revoke-sessions': { method: 'POST', path: (i) => `/admin/users/${at(i.userId)}/sessions/revoke` },
};

/**
 * An HTTP answer as an ack, so forms handle refusals the same way as socket commands. A request that
 * never got an answer may still have been applied, and the message says so.
 */
export async function ackOf<T>(request: Promise<T>): Promise<TAck<T>> {
  try {
    return { ok: true, data: await request };
  } catch (error) {
    if (error instanceof ApiError) return { ok: false, error: error.body };
    return {
      ok: false,
      error: {
        code: 'INTERNAL',
        message: 'Could not reach the server. The change may or may not have been saved: check before trying again.',
      },
    };
  }
}

/**
 * One command at a time for a form or dialog: whether it is sending, and the refusal to show. `track`
 * answers the whole ack, so a form can put the server's issues beside its fields.
 */
function useAck() {
  const [error, setError] = useState<TAppError | null>(null);
  const [isSending, setIsSending] = useState(false);
  const track = useCallback(async <T>(send: () => Promise<TAck<T>>): Promise<TAck<T>> => {
    setIsSending(true);
    setError(null);
    try {
      const ack = await send();
      if (!ack.ok) setError(ack.error);
      return ack;
    } finally {
      setIsSending(false);
    }
  }, []);
  return { track, error, isSending, clearError: useCallback(() => setError(null), []) };
}

/**
 * Sends administration commands with a fresh commandId each, and refreshes every administration screen
 * once the server has it (other administrators' screens refresh through `admin:changed`).
 */
export function useAdminCommand() {
  const queryClient = useQueryClient();
  const { track, error, isSending, clearError } = useAck();
  const run = useCallback(
    <C extends TAdminCommand>(name: C, input: TAdminInput<C>) =>
      track(async () => {
        const route = ROUTES[name];
        const ack = await ackOf(
          api<TAdminCommandResult<C>>(route.path(input as TIds), {
            method: route.method,
            body: { ...input, commandId: crypto.randomUUID() },
          }),
        );
        if (ack.ok) {
          const refreshes = [queryClient.invalidateQueries({ queryKey: queryKeys.admin.all() })];
          if (name === 'area:update' || name.startsWith('organisation:')) {
            refreshes.push(queryClient.invalidateQueries({ queryKey: queryKeys.directory() }));
          }
          await Promise.all(refreshes);
        }
        return ack;
      }),
    [queryClient, track],
  );
  return { run, error, isSending, clearError };
}

export type TImportKind = 'users' | 'services';

/**
 * Checks or applies a CSV import. An applied import refreshes administration (and, for services, the
 * registry and board) like any other command.
 */
export function useImport(kind: TImportKind) {
  const queryClient = useQueryClient();
  const { track, error, isSending, clearError } = useAck();
  const run = useCallback(
    (csv: string, isDryRun: boolean) =>
      track(async () => {
        const ack = await ackOf(
          api<TImportReport>(`/admin/imports/${kind}`, {
            method: 'POST',
            body: { commandId: crypto.randomUUID(), csv, isDryRun },
          }),
        );
        if (ack.ok && ack.data.isApplied) {
          await Promise.all([
            queryClient.invalidateQueries({ queryKey: queryKeys.admin.all() }),
            ...(kind === 'services' ? [queryClient.invalidateQueries({ queryKey: queryKeys.services.all() })] : []),
          ]);
        }
        return ack;
      }),
    [kind, queryClient, track],
  );
  return { run, error, isSending, clearError };
}

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { CREW_ROLES } from '@shared/rules/unit-lifecycle';
import type { TAccountListItem } from '@shared/schemas/account';
import { UNIT_KIND_LABELS, UNIT_STATUS_LABELS, type TUnit, type TUnitCommandResult } from '@shared/schemas/unit';
import { ROLE_LABELS, type TSessionInfo } from '@shared/schemas/user';
import { directoryQuery, organisationName, unitListQuery } from '../../api/queries';
import { applyUnitChange } from '../../api/service-cache';
import { CommandError } from './command-error';
import { candidatesFromAccounts, candidatesFromServer } from './crew-candidates';
import { adminUsersQuery, crewCandidatesQuery } from './registry-queries';
import { AddUnitDialog, CrewDialog, UnitDetailsDialog, type TCandidateState } from './unit-dialogs';
import { useHttpCommand } from './use-http-command';
import './registry.css';

type TDialog = { kind: 'add' } | { kind: 'details'; unit: TUnit } | { kind: 'crew'; unit: TUnit } | null;

/** Why a crew member would be refused now, from the account list (administrators only). */
function memberProblem(account: TAccountListItem | undefined, isKnown: boolean): string | null {
  if (!isKnown) return null;
  if (!account) return 'no account';
  if (!account.isEnabled) return 'account disabled';
  if (!CREW_ROLES.includes(account.role)) return 'not in a crew role';
  return null;
}

/**
 * Units and who crews them. Duty managers and administrators add units, change their details and crews,
 * and start or end shifts; the server's refusals (a unit still on a job, no crew) are shown in words.
 */
export function UnitsAdminPage({ session }: { session: TSessionInfo }) {
  const isAdmin = session.user.role === 'admin';
  const queryClient = useQueryClient();
  const units = useQuery(unitListQuery);
  const directory = useQuery(directoryQuery);
  const accounts = useQuery({ ...adminUsersQuery, enabled: isAdmin });
  const crewable = useQuery({ ...crewCandidatesQuery, enabled: !isAdmin });
  const [dialog, setDialog] = useState<TDialog>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const shift = useHttpCommand();
  const [shiftFor, setShiftFor] = useState<TUnit | null>(null);

  const list = units.data?.units ?? [];
  const accountsById = new Map((accounts.data?.users ?? []).map((a) => [a.id, a]));
  const candidates: TCandidateState = isAdmin
    ? accounts.isPending
      ? { pending: <p className="muted">Loading accounts…</p> }
      : accounts.isError
        ? { pending: <p role="alert">Could not load accounts. {accounts.error.message}</p> }
        : {
            candidates: candidatesFromAccounts(
              accounts.data.users,
              list.flatMap((u) => u.members.map((m) => m.userId)),
            ),
          }
    : crewable.isPending
      ? { pending: <p className="muted">Loading people…</p> }
      : crewable.isError
        ? { pending: <p role="alert">Could not load people. {crewable.error.message}</p> }
        : {
            candidates: candidatesFromServer(crewable.data.candidates, list),
            note: 'Listed: enabled accounts in crew roles. New people are added by an administrator.',
          };

  const open = (next: TDialog) => {
    setSaved(null);
    shift.clearError();
    setDialog(next);
  };
  const toggleShift = async (unit: TUnit) => {
    setSaved(null);
    setShiftFor(unit);
    const isOnShift = !unit.isOnShift;
    const ack = await shift.send<TUnitCommandResult>('POST', `/units/${unit.id}/shift`, {
      commandId: crypto.randomUUID(),
      unitId: unit.id,
      isOnShift,
    });
    if (!ack.ok) return;
    applyUnitChange(queryClient, ack.data.unit);
    setSaved(`${ack.data.unit.callSign} is ${isOnShift ? 'on' : 'off'} shift now.`);
  };

  return (
    <section className="registry" aria-labelledby="units-admin-heading">
      <div className="registry-head">
        <h2 id="units-admin-heading">Units and crews of {session.area.name}</h2>
        <button type="button" className="primary" disabled={!directory.data} onClick={() => open({ kind: 'add' })}>
          Add a unit
        </button>
      </div>
      <p role="status" className="registry-saved">
        {saved}
      </p>
      <CommandError error={shift.error} prefix={shiftFor ? `${shiftFor.callSign}: shift not changed.` : undefined} />
      {units.isPending ? (
        <p className="empty">Loading units…</p>
      ) : units.isError ? (
        <p role="alert">Could not load units. {units.error.message}</p>
      ) : (
        <table className="registry-table units-admin-table">
          <caption className="sr-only">Units: {list.length}</caption>
          <thead>
            <tr>
              <th scope="col">Call sign</th>
              <th scope="col">Kind</th>
              <th scope="col">Organisation</th>
              <th scope="col">Crew</th>
              <th scope="col">Shift</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.length === 0 && (
              <tr>
                <td colSpan={7} className="empty">
                  No units yet: add the first one.
                </td>
              </tr>
            )}
            {list.map((u) => (
              <tr key={u.id}>
                <th scope="row" className="call-sign">
                  {u.callSign}
                </th>
                <td>{UNIT_KIND_LABELS[u.kind]}</td>
                <td>{organisationName(directory.data, u.organisationId)}</td>
                <td className="crew-cell">
                  {u.members.length === 0 ? (
                    <span className="tag tag-warn">no crew</span>
                  ) : (
                    <ul className="crew-list">
                      {u.members.map((m) => {
                        const problem = memberProblem(accountsById.get(m.userId), accounts.isSuccess);
                        return (
                          <li key={m.userId}>
                            {m.name} <span className="muted small">{ROLE_LABELS[m.role]}</span>
                            {problem && <span className="tag tag-warn">{problem}</span>}
                          </li>
                        );
                      })}
                    </ul>
                  )}
                </td>
                <td className="nowrap">{u.isOnShift ? 'On shift' : 'Off shift'}</td>
                <td>
                  {UNIT_STATUS_LABELS[u.status]}
                  {u.assignment && <span className="muted small block nowrap">on {u.assignment.caseRef}</span>}
                </td>
                <td className="row-actions">
                  <button type="button" className="small-button" onClick={() => open({ kind: 'details', unit: u })}>
                    Edit<span className="sr-only"> {u.callSign}</span>
                  </button>
                  <button type="button" className="small-button" onClick={() => open({ kind: 'crew', unit: u })}>
                    Change crew<span className="sr-only"> of {u.callSign}</span>
                  </button>
                  <button
                    type="button"
                    className="small-button shift-button"
                    disabled={shift.isSending && shiftFor?.id === u.id}
                    onClick={() => void toggleShift(u)}
                  >
                    {u.isOnShift ? 'End shift' : 'Start shift'}
                    <span className="sr-only"> of {u.callSign}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {dialog?.kind === 'add' && directory.data && (
        <AddUnitDialog
          units={list}
          directory={directory.data}
          candidates={candidates}
          onClose={() => setDialog(null)}
          onSaved={(message) => {
            setDialog(null);
            setSaved(message);
          }}
        />
      )}
      {dialog?.kind === 'details' && directory.data && (
        <UnitDetailsDialog
          opened={dialog.unit}
          units={list}
          directory={directory.data}
          onClose={() => setDialog(null)}
          onSaved={(message) => {
            setDialog(null);
            setSaved(message);
          }}
        />
      )}
      {dialog?.kind === 'crew' && directory.data && (
        <CrewDialog
          opened={dialog.unit}
          directory={directory.data}
          candidates={candidates}
          onClose={() => setDialog(null)}
          onSaved={(message) => {
            setDialog(null);
            setSaved(message);
          }}
        />
      )}
    </section>
  );
}

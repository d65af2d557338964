import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, Redirect, useLocation, useRoute } from 'wouter';
import { alertsForRole, bannerAlerts, liveAlerts, sortQueueByAlerts } from '@shared/rules/alerts';
import { canReadAudit } from '@shared/rules/audit';
import { runningDetentions } from '@shared/rules/detention';
import { canAdminister, canReadCases, canRunCommand } from '@shared/rules/permissions';
import { awaitingAcceptance, canRunUnitCommand } from '@shared/rules/unit-lifecycle';
import { ROLE_LABELS, type TSessionInfo } from '@shared/schemas/user';
import { api } from '../../api/http';
import { caseListQuery, directoryQuery, organisationName, serviceListQuery, unitListQuery } from '../../api/queries';
import { ConnectionIndicator } from '../../components/connection-indicator';
import { ThemeToggle } from '../../components/theme-toggle';
import { useNow } from '../../lib/use-now';
import { useShortcut } from '../../lib/use-shortcut';
import { keepAppShell } from '../../offline/app-shell';
import { outbox, useOutboxEntries } from '../../offline/outbox';
import { OutboxDecisions } from '../../offline/outbox-panel';
import { useSocket } from '../../socket/socket-provider';
import { AlertBanner } from '../alerts/alert-banner';
import { AlertBell } from '../detention/alert-bell';
import { SearchBox } from '../search/search-box';
import { CaseQueue } from './case-queue';

// Everything beyond the queue loads on demand, and in the background once the queue is live, so a
// console on a slow link shows live data first (docs/PERFORMANCE.md). The service worker keeps these
// files too, so they open offline.
const loadCaseDetail = () => import('./case-detail');
const loadNewCaseForm = () => import('./new-case-form');
const CaseDetail = lazy(() => loadCaseDetail().then((m) => ({ default: m.CaseDetail })));
const NewCaseForm = lazy(() => loadNewCaseForm().then((m) => ({ default: m.NewCaseForm })));
const TabletPage = lazy(() => import('../units/tablet-page').then((m) => ({ default: m.TabletPage })));
const ProviderPage = lazy(() => import('../capacity/provider-page').then((m) => ({ default: m.ProviderPage })));
const DetentionsPage = lazy(() => import('../detention/detentions-page').then((m) => ({ default: m.DetentionsPage })));
const ChangePasswordDialog = lazy(() =>
  import('../auth/change-password-dialog').then((m) => ({ default: m.ChangePasswordDialog })),
);
const AdminPage = lazy(() => import('../admin/admin-page').then((m) => ({ default: m.AdminPage })));
const RegistryPage = lazy(() => import('../registry/registry-page').then((m) => ({ default: m.RegistryPage })));
const AuditPage = lazy(() => import('../audit/audit-page').then((m) => ({ default: m.AuditPage })));
const UnitsPanel = lazy(() => import('../units/units-panel').then((m) => ({ default: m.UnitsPanel })));
// The map and its library (Leaflet) load only when the map is opened.
const MapPage = lazy(() => import('../map/map-page').then((m) => ({ default: m.MapPage })));
const ClosedPage = lazy(() => import('../search/closed-page').then((m) => ({ default: m.ClosedPage })));
const HandoverPage = lazy(() => import('../search/handover-page').then((m) => ({ default: m.HandoverPage })));
const PrintPage = lazy(() => import('../search/print-page').then((m) => ({ default: m.PrintPage })));
const ReportsPage = lazy(() => import('../reports/reports-page').then((m) => ({ default: m.ReportsPage })));
const UnitsAdminPage = lazy(() => import('../registry/units-admin-page').then((m) => ({ default: m.UnitsAdminPage })));

const LOADING = <p className="empty">Loading…</p>;

const canManageAnyService = (role: TSessionInfo['user']['role']) => role === 'duty-manager';
/** The registry (what services are, whom they take, their totals) and unit crews. */
const keepsRegistry = (role: TSessionInfo['user']['role']) => role === 'duty-manager' || role === 'admin';

/** Whether the open card has work on it that closing the card would lose: an edit, or typed text. */
function hasWorkInProgress(pane: Element | null): boolean {
  if (!pane) return false;
  if (pane.querySelector('form.case-form')) return true;
  const fields = pane.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>(
    'textarea, input:not([type=checkbox]):not([type=radio]):not([type=hidden])',
  );
  return [...fields].some((field) => field.value.trim() !== '');
}

/** The operator console: header, live queue on the left, the selected card on the right. */
export function ConsolePage({ session, onLoggedOut }: { session: TSessionInfo; onLoggedOut: () => void }) {
  const { user } = session;
  const { connection } = useSocket();
  const [, navigate] = useLocation();
  const [, params] = useRoute('/cases/:id');
  const [isDetentionsView] = useRoute('/detentions');
  const [isServicesView] = useRoute('/services');
  const [isUnitsView] = useRoute('/units');
  const [isMapView] = useRoute('/map');
  const [isAdminView] = useRoute('/admin/*?');
  const [isRegistryView] = useRoute('/registry');
  const [isCrewsView] = useRoute('/crews');
  const [isAuditView] = useRoute('/audit');
  const [isClosedView] = useRoute('/closed');
  const [isHandoverView] = useRoute('/handover');
  const [isReportsView] = useRoute('/reports');
  // A commissioner's work is the reports: every path leads there (aggregates only, R-REPORT-ACCESS).
  const isCommissioner = user.role === 'commissioner';
  const readsReports = isCommissioner || user.role === 'duty-manager';
  const [isPrintView, printParams] = useRoute('/cases/:id/print');
  const isAuditor = canReadAudit(user.role);
  // The information governance lead's work is the audit: every path leads there.
  const isIgLead = user.role === 'ig-lead';
  const isAdmin = canAdminister(user.role);
  const [isTabletView] = useRoute('/unit');
  const isHub = canRunUnitCommand(user.role, 'unit:dispatch');
  const isCrew = canRunUnitCommand(user.role, 'unit:accept');
  const isServiceStaff = user.role === 'provider' || user.role === 'pos-staff';
  const selectedId = params?.id ?? null;
  const [isCreating, setIsCreating] = useState(false);
  const canRead = canReadCases(user.role);
  const canCreate = canRunCommand(user.role, 'case:create');

  const list = useQuery({ ...caseListQuery, enabled: canRead });
  const directory = useQuery(directoryQuery);
  const units = useQuery({ ...unitListQuery, enabled: isHub });
  const services = useQuery({ ...serviceListQuery, enabled: isHub });
  const listed = useMemo(() => list.data?.cases ?? [], [list.data]);
  const awaiting = useMemo(() => awaitingAcceptance(units.data?.units ?? []), [units.data]);
  // Alerts read from the services (a hold lapsing, a stale figure) are looked at again each quarter minute.
  const quarterMinute = Math.floor(useNow(15_000) / 15_000);
  // One alert model for the banner, the bell, the sound and the queue's order (R-ALERT-SEVERITY).
  const alerts = useMemo(
    () =>
      alertsForRole(
        liveAlerts(listed, units.data?.units ?? [], {
          services: services.data?.services ?? [],
          now: new Date(quarterMinute * 15_000),
        }),
        user.role,
      ),
    [listed, units.data, services.data, quarterMinute, user.role],
  );
  const cases = useMemo(() => sortQueueByAlerts(listed, alerts), [listed, alerts]);
  const isLive = connection === 'live' && (list.isSuccess || !canRead);
  useEffect(() => {
    // Once live, fetch the card screens in the background (the first click need not wait for them) and
    // keep the app shell for offline use.
    if (!isLive) return;
    keepAppShell();
    if (!canRead) return;
    void loadCaseDetail();
    void loadNewCaseForm();
  }, [isLive, canRead]);

  const move = useCallback(
    (step: number) => {
      if (cases.length === 0) return;
      const index = cases.findIndex((c) => c.id === selectedId);
      const next = cases[Math.min(cases.length - 1, Math.max(0, index + step))] ?? cases[0];
      if (next) navigate(`/cases/${next.id}`);
    },
    [cases, navigate, selectedId],
  );
  useShortcut(
    'n',
    useCallback(() => canCreate && setIsCreating(true), [canCreate]),
  );
  useShortcut(
    'j',
    useCallback(() => move(1), [move]),
  );
  useShortcut(
    'k',
    useCallback(() => move(-1), [move]),
  );
  // Esc puts the card away and returns to the queue, at the row it came from; never while something is
  // typed on the card (a note begun, the card being edited), which closing it would throw away.
  useShortcut(
    'Escape',
    useCallback(() => {
      if (!selectedId || hasWorkInProgress(document.querySelector('.detail-pane'))) return;
      navigate('/');
      requestAnimationFrame(() =>
        document.querySelector<HTMLAnchorElement>(`.queue a[href="/cases/${CSS.escape(selectedId)}"]`)?.focus(),
      );
    }, [navigate, selectedId]),
  );

  // The user menu closes on Escape or a click anywhere else, as a menu does.
  const userMenuRef = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    const close = (event: Event) => {
      const menu = userMenuRef.current;
      if (!menu?.open) return;
      if (event instanceof KeyboardEvent ? event.key === 'Escape' : !menu.contains(event.target as Node)) {
        menu.open = false;
        if (!(event instanceof KeyboardEvent)) return;
        // Closed from the keyboard, focus goes back to the person's name, where the menu opened from; and
        // this Escape does not also close the card (useShortcut skips a used key).
        if (menu.contains(document.activeElement)) menu.querySelector('summary')?.focus();
        event.preventDefault();
      }
    };
    document.addEventListener('pointerdown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('pointerdown', close);
      document.removeEventListener('keydown', close);
    };
  }, []);

  const unsent = useOutboxEntries().length;
  const [isConfirmingLogout, setIsConfirmingLogout] = useState(false);
  const [isChangingPassword, setIsChangingPassword] = useState(false);
  const handleLogout = async () => {
    // Offline data is cleared on logout (hazard log, "Data stored on devices"); unsent changes only
    // after the person has said so.
    if (unsent > 0 && !isConfirmingLogout) {
      setIsConfirmingLogout(true);
      return;
    }
    await outbox.clear().catch(() => undefined);
    await api('/session', { method: 'DELETE' }).catch(() => undefined);
    onLoggedOut();
  };

  return (
    <div className="app">
      <header className="topbar">
        <h1 className="brand">Concordat</h1>
        <span className="muted">{organisationName(directory.data, user.organisationId)}</span>
        {isAdmin && (
          <nav aria-label="Administration" className="views">
            <Link href="/admin/users">Accounts</Link>
            <Link href="/admin/organisations">Organisations</Link>
            <Link href="/crews">Units</Link>
            <Link href="/registry">Services</Link>
            <Link href="/admin/import">Import</Link>
            <Link href="/admin/history">History</Link>
          </nav>
        )}
        {isIgLead && (
          <nav aria-label="Views" className="views">
            <Link href="/audit">Audit</Link>
          </nav>
        )}
        {isCommissioner && (
          <nav aria-label="Views" className="views">
            <Link href="/reports">Reports</Link>
          </nav>
        )}
        {canRead && (
          <nav aria-label="Views" className="views">
            <Link href="/">Cases</Link>
            <Link href="/detentions">Detentions ({runningDetentions(cases).length})</Link>
            {isHub && <Link href="/units">Units</Link>}
            {isHub && <Link href="/map">Map</Link>}
            {isCrew && <Link href="/unit">My unit</Link>}
            {user.role === 'duty-manager' && <Link href="/services">Services</Link>}
            {user.role === 'duty-manager' && <Link href="/registry">Registry</Link>}
            {user.role === 'duty-manager' && <Link href="/crews">Crews</Link>}
            {isAuditor && <Link href="/audit">Audit</Link>}
            {readsReports && <Link href="/reports">Reports</Link>}
            <Link href="/board">Board</Link>
          </nav>
        )}
        <span className="spacer" />
        {canRead && <SearchBox />}
        {canRead && <AlertBell alerts={alerts} />}
        <ConnectionIndicator userId={user.id} />
        <details className="user-menu" ref={userMenuRef}>
          <summary className="who" title={`${user.displayName} · ${ROLE_LABELS[user.role]}`}>
            {user.displayName}
          </summary>
          <div className="user-menu-items">
            <p className="muted">
              {user.displayName} · {ROLE_LABELS[user.role]} · {organisationName(directory.data, user.organisationId)}
            </p>
            <ThemeToggle />
            <button type="button" onClick={() => setIsChangingPassword(true)}>
              Change password
            </button>
            <button type="button" onClick={() => void handleLogout()}>
              Log out
            </button>
          </div>
        </details>
      </header>
      {connection === 'outdated' && (
        <p className="banner" role="alert">
          Concordat has been updated. <button onClick={() => window.location.reload()}>Reload now</button>
        </p>
      )}
      {connection === 'too-many-windows' && (
        <p className="banner" role="alert">
          This login already has as many Concordat windows open as it may, so this one is not live. Close a window or
          tab you are not using, then <button onClick={() => window.location.reload()}>Try again</button>
        </p>
      )}
      {isConfirmingLogout && (
        <div className="banner" role="alertdialog" aria-labelledby="logout-heading">
          <p id="logout-heading">
            {unsent === 1 ? '1 change has' : `${unsent} changes have`} not reached the server. Logging out deletes{' '}
            {unsent === 1 ? 'it' : 'them'} from this device.
          </p>
          <button type="button" className="primary" onClick={() => setIsConfirmingLogout(false)} autoFocus>
            Stay logged in
          </button>{' '}
          <button type="button" onClick={() => void handleLogout()}>
            Log out and delete {unsent === 1 ? 'it' : 'them'}
          </button>
        </div>
      )}
      <OutboxDecisions userId={user.id} />
      <AlertBanner alerts={bannerAlerts(alerts, user.role)} role={user.role} />
      {isIgLead && !isAuditView ? (
        <Redirect to="/audit" replace />
      ) : isCommissioner && !isReportsView ? (
        <Redirect to="/reports" replace />
      ) : isReportsView && readsReports ? (
        <main className="console single wide">
          <Suspense fallback={LOADING}>
            <ReportsPage role={user.role} />
          </Suspense>
        </main>
      ) : isAuditView && isAuditor ? (
        <main className="console single wide">
          <Suspense fallback={LOADING}>
            <AuditPage session={session} />
          </Suspense>
        </main>
      ) : isTabletView && isCrew ? (
        <main className="console single">
          <Suspense fallback={LOADING}>
            <TabletPage user={user} />
          </Suspense>
        </main>
      ) : isAdmin && (isAdminView || !(isRegistryView || isCrewsView)) ? (
        <main className="console single wide">
          <Suspense fallback={LOADING}>
            <AdminPage session={session} />
          </Suspense>
        </main>
      ) : isRegistryView && keepsRegistry(user.role) ? (
        <main className="console single wide">
          <Suspense fallback={LOADING}>
            <RegistryPage session={session} />
          </Suspense>
        </main>
      ) : isCrewsView && keepsRegistry(user.role) ? (
        <main className="console single wide">
          <Suspense fallback={LOADING}>
            <UnitsAdminPage session={session} />
          </Suspense>
        </main>
      ) : isMapView && isHub ? (
        <main className="console single map-view">
          <Suspense fallback={LOADING}>
            <MapPage session={session} />
          </Suspense>
        </main>
      ) : isUnitsView && isHub ? (
        <main className="console single">
          <Suspense fallback={LOADING}>
            <UnitsPanel />
          </Suspense>
        </main>
      ) : isServiceStaff || (isServicesView && canManageAnyService(user.role)) ? (
        <main className="console single">
          <Suspense fallback={LOADING}>
            <ProviderPage user={user} />
          </Suspense>
        </main>
      ) : !canRead ? (
        <main className="centre-message">
          <p>Your role ({ROLE_LABELS[user.role]}) does not see case cards under the information-sharing agreement.</p>
        </main>
      ) : isPrintView && printParams ? (
        <main className="console single wide">
          <Suspense fallback={LOADING}>
            <PrintPage caseId={printParams.id} />
          </Suspense>
        </main>
      ) : isClosedView ? (
        <main className="console single">
          <Suspense fallback={LOADING}>
            <ClosedPage />
          </Suspense>
        </main>
      ) : isHandoverView && isHub ? (
        <main className="console single wide">
          <Suspense fallback={LOADING}>
            <HandoverPage />
          </Suspense>
        </main>
      ) : isDetentionsView ? (
        <main className="console single">
          <Suspense fallback={LOADING}>
            <DetentionsPage canExport={user.role === 'duty-manager'} />
          </Suspense>
        </main>
      ) : (
        // On a phone one pane shows at a time: the queue, or the card with a way back to it.
        <main className={selectedId ? 'console has-card' : 'console no-card'}>
          <section className="queue-pane" aria-labelledby="queue-heading">
            <div className="pane-head">
              <h2 id="queue-heading">Open cases ({cases.length})</h2>
              <span className="pane-links">
                <Link href="/closed">Closed cards</Link>
                {isHub && <Link href="/handover">Handover</Link>}
              </span>
              {canCreate && (
                <button type="button" className="primary" onClick={() => setIsCreating(true)} aria-keyshortcuts="n">
                  New card <kbd className="keys-only">N</kbd>
                </button>
              )}
            </div>
            {list.isPending ? (
              <p className="empty">Loading cases…</p>
            ) : list.isError ? (
              <p className="empty" role="alert">
                Could not load cases. {String(list.error.message)}
              </p>
            ) : (
              <CaseQueue cases={cases} selectedId={selectedId} alerts={alerts} awaiting={awaiting} />
            )}
            <p className="hint keys-only">
              Keys: <kbd>N</kbd> new card · <kbd>J</kbd>/<kbd>K</kbd> next/previous · <kbd>Ctrl</kbd>+<kbd>Enter</kbd>{' '}
              save · <kbd>Esc</kbd> close
            </p>
          </section>
          <section className="detail-pane" aria-label="Selected case">
            {selectedId ? (
              <>
                <Link href="/" className="back-to-queue">
                  ← Open cases
                </Link>
                <Suspense fallback={<p className="empty">Loading card…</p>}>
                  <CaseDetail key={selectedId} caseId={selectedId} user={user} />
                </Suspense>
              </>
            ) : (
              <p className="empty">
                Select a card from the queue<span className="keys-only">, or press N to open a new one</span>.
              </p>
            )}
          </section>
        </main>
      )}
      {isChangingPassword && (
        <Suspense fallback={null}>
          <ChangePasswordDialog onClose={() => setIsChangingPassword(false)} />
        </Suspense>
      )}
      {isCreating && (
        <Suspense fallback={null}>
          <NewCaseForm
            onClose={() => setIsCreating(false)}
            onCreated={(id) => {
              setIsCreating(false);
              navigate(`/cases/${id}`);
            }}
          />
        </Suspense>
      )}
    </div>
  );
}

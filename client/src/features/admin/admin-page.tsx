import { Link, Redirect, Route, Switch, useLocation } from 'wouter';
import type { TSessionInfo } from '@shared/schemas/user';
import { AccountDetailPage } from './account-detail-page';
import { AccountsPage } from './accounts-page';
import { HistoryPage } from './history-page';
import { ImportPage } from './import-page';
import { OrganisationsPage } from './organisations-page';
import './admin.css';

/**
 * Administration of the area: accounts, organisations and the area, imports, and the history. The
 * console shows it to administrators for every path but the registry and crews, so an administrator
 * who lands on `/` starts at the accounts.
 */
export function AdminPage({ session }: { session: TSessionInfo }) {
  return (
    <div className="admin">
      <Switch>
        <Route path="/">
          <Redirect to="/admin/users" replace />
        </Route>
        <Route path="/admin">
          <Redirect to="/admin/users" replace />
        </Route>
        <Route path="/admin/users">
          <AccountsPage session={session} />
        </Route>
        <Route path="/admin/users/:id">
          {(params) => <AccountDetailPage key={params.id} userId={params.id} session={session} />}
        </Route>
        <Route path="/admin/organisations">
          <OrganisationsPage />
        </Route>
        <Route path="/admin/import">
          <ImportPage />
        </Route>
        <Route path="/admin/history">
          <HistoryPage />
        </Route>
        <Route>
          <NoSuchPage />
        </Route>
      </Switch>
    </div>
  );
}

/** A mistyped or outdated address says so, instead of showing an empty screen. */
function NoSuchPage() {
  const [location] = useLocation();
  return (
    <section className="admin-page" aria-labelledby="no-page-heading">
      <h2 id="no-page-heading">No such page</h2>
      <p>
        There is no administration page at <code>{location}</code>. Choose one above, or go to{' '}
        <Link href="/admin/users">Accounts</Link>.
      </p>
    </section>
  );
}

import type { TSessionInfo } from '@shared/schemas/user';

/** Administration of the area: accounts, organisations, imports, history (being built). */
export function AdminPage({ session }: { session: TSessionInfo }) {
  return (
    <section aria-labelledby="admin-heading">
      <h2 id="admin-heading">Administration of {session.area.name}</h2>
    </section>
  );
}

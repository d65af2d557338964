import type { TSessionInfo } from '@shared/schemas/user';

/** Units and their crews (being built). */
export function UnitsAdminPage({ session }: { session: TSessionInfo }) {
  return (
    <section aria-labelledby="units-admin-heading">
      <h2 id="units-admin-heading">Units of {session.area.name}</h2>
    </section>
  );
}

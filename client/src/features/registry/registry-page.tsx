import type { TSessionInfo } from '@shared/schemas/user';

/** The service registry (being built). */
export function RegistryPage({ session }: { session: TSessionInfo }) {
  return (
    <section aria-labelledby="registry-heading">
      <h2 id="registry-heading">Services of {session.area.name}</h2>
    </section>
  );
}

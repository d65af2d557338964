import { useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { runningDetentions } from '@shared/rules/detention';
import { placeOfSafetyText } from '@shared/schemas/detention';
import { caseListQuery } from '../../api/queries';
import { useNow } from '../../lib/use-now';
import { cardTitle, personLine } from '../cases/labels';
import { DetentionClocks } from './clocks';

/**
 * The AMHP worklist: every running detention in the area with its legal clocks, oldest clock first,
 * marked when the AMHP interview is still to do. Live, because it reads the same cache the sockets feed.
 */
export function DetentionsPage({ canExport }: { canExport: boolean }) {
  const now = useNow();
  const list = useQuery(caseListQuery);
  const detentions = runningDetentions(list.data?.cases ?? []);
  return (
    <section className="worklist" aria-labelledby="detentions-heading">
      <div className="pane-head">
        <h2 id="detentions-heading">Detentions under the Mental Health Act ({detentions.length})</h2>
        {canExport && (
          <a href="/api/v1/detentions/home-office-return.csv" download>
            Download Home Office return (CSV, this financial year)
          </a>
        )}
      </div>
      {detentions.length === 0 ? (
        <p className="empty">No one is detained under section 136 or 135 in this area.</p>
      ) : (
        <ol className="queue">
          {detentions.map((c) => {
            const place = c.detention!.places[c.detention!.places.length - 1];
            return (
              <li key={c.id}>
                <Link href={`/cases/${c.id}`}>
                  <div className="queue-top">
                    <span className="badge detention">{c.detention!.power}</span>
                    {!c.detention!.amhpInterview && <span className="badge priority-urgent">Awaiting AMHP</span>}
                    {c.alerts.some((a) => !a.acknowledgedAt) && <span className="badge contact-lost">Alert</span>}
                    <span className="ref">{c.ref}</span>
                  </div>
                  <div className="queue-title">{cardTitle(c)}</div>
                  <div className="queue-meta">
                    {personLine(c)} · {place ? placeOfSafetyText(place) : 'Place of safety not chosen'}
                  </div>
                  <DetentionClocks detention={c.detention!} now={now} />
                </Link>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

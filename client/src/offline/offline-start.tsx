import { useEffect, useState } from 'react';
import { MapLink } from '../components/map-link';
import { formatClock, formatDayClock } from '../lib/time';
import { loadJobSheet, type TJobSheet } from './job-sheet';
import { backoffDelayMs, browserSignals } from '../socket/connection';
import { outbox, useOutboxEntries } from './outbox';

/**
 * Opened without a connection (the service worker served the app): say so, say what is kept on this
 * device, and keep trying, on the same backoff as the live connection (at most a few seconds apart) and
 * at once when the browser says the network is back or the page comes into view. Once the server
 * answers, the console opens, connects and sends what was waiting.
 */
export function OfflineStart({ onRetry }: { onRetry: () => void }) {
  const waiting = useOutboxEntries().length;
  const [job, setJob] = useState<TJobSheet | null>(null);
  useEffect(() => {
    outbox.load().catch(() => undefined);
    void loadJobSheet().then(setJob);
  }, []);
  useEffect(() => {
    let attempt = 0;
    let timer: number | undefined;
    const retryLater = () => {
      timer = window.setTimeout(() => {
        onRetry();
        retryLater();
      }, backoffDelayMs(attempt++));
    };
    const stopListening = browserSignals.subscribe(() => {
      window.clearTimeout(timer);
      attempt = 0;
      onRetry();
      retryLater();
    });
    retryLater();
    return () => {
      window.clearTimeout(timer);
      stopListening();
    };
  }, [onRetry]);
  return (
    <main className="centre-message">
      <h1>No connection to Concordat</h1>
      <p role="status" data-testid="offline-start-waiting">
        {waiting === 0
          ? 'Nothing is waiting to send from this device.'
          : `${waiting === 1 ? '1 change is' : `${waiting} changes are`} kept on this device and will be sent when the connection returns.`}
      </p>
      <p>
        Trying again every few seconds.{' '}
        <button type="button" onClick={onRetry}>
          Try now
        </button>
      </p>
      <p className="muted">For anything urgent, use your radio or phone.</p>
      {job && <KeptJob job={job} />}
    </main>
  );
}

/** The current job as last saved on this device: what the crew needs at the door, until signal returns. */
function KeptJob({ job }: { job: TJobSheet }) {
  return (
    <section className="kept-job" aria-labelledby="kept-job-heading">
      <h2 id="kept-job-heading">
        Your job: {job.caseRef} ({job.callSign})
      </h2>
      <p className="muted">Saved on this device at {formatDayClock(job.savedAt)}: it may have changed since.</p>
      <dl className="fields">
        {job.address && (
          <>
            <dt>Where</dt>
            <dd>
              {job.address} <MapLink coordinates={job.coordinates} description={job.address} />
            </dd>
          </>
        )}
        {job.situation && (
          <>
            <dt>Situation</dt>
            <dd>{job.situation}</dd>
          </>
        )}
        <dt>Risks</dt>
        <dd>{job.risks.length > 0 ? job.risks.join(' · ') : 'None recorded'}</dd>
        {job.safety && (
          <>
            <dt>Safety</dt>
            <dd>{[...job.safety.flags, job.safety.note].filter(Boolean).join(' · ') || 'None recorded'}</dd>
          </>
        )}
        {job.callbackNumber && (
          <>
            <dt>Call back</dt>
            <dd>
              <a href={`tel:${job.callbackNumber.replace(/\s/g, '')}`}>{job.callbackNumber}</a>
            </dd>
          </>
        )}
        {job.placeOfSafety && (
          <>
            <dt>Taking them to</dt>
            <dd>{job.placeOfSafety}</dd>
          </>
        )}
        {job.clocks?.detentionEndsAt && (
          <>
            <dt>Detention ends</dt>
            <dd>{formatDayClock(job.clocks.detentionEndsAt)}</dd>
          </>
        )}
        {job.clocks?.handoverDueAt && (
          <>
            <dt>Police handover due</dt>
            <dd>{formatClock(job.clocks.handoverDueAt)}</dd>
          </>
        )}
      </dl>
    </section>
  );
}

import { auditEvents } from '../endpoints.ts';
import { LoadError, Loading } from '../components/status.tsx';
import { formatDateTime } from '../format.ts';
import { useLoad } from '../hooks.ts';
import { useCan } from '../session.tsx';
import { timelineOf } from './audit-events.ts';
import { useWorkspace } from './workspace.tsx';

/** The incident's story, oldest first, told from its audit events (so only for roles that read them). */
export function Timeline() {
  const allowed = useCan('audit:read');
  if (allowed) return <AuditTimeline />;
  return (
    <section className="panel" aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">Timeline</h2>
      <p className="muted">
        The timeline is told from the audit trail, which your role does not include. The stage, facts and each
        tab still show where the recovery stands.
      </p>
    </section>
  );
}

function AuditTimeline() {
  const { org, incident } = useWorkspace();
  const { data, error } = useLoad(
    () => auditEvents.list(org, { incidentId: incident.id, limit: 200 }),
    [org, incident.id],
  );
  let body;
  if (error) body = <LoadError error={error} />;
  else if (!data) body = <Loading what="Loading the timeline" />;
  else {
    body = (
      <ol className="timeline">
        {timelineOf(data.items).map((t) => (
          <li key={t.key}>
            <time dateTime={t.at}>{formatDateTime(t.at)}</time>
            <span className="timeline-text">{t.text}</span>
            <span className="muted small"> — {t.actor}</span>
            {t.items.length > 0 ? (
              <ul className="timeline-items small">
                {t.items.map((item, i) => (
                  <li key={i}>{item}</li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ol>
    );
  }
  return (
    <section className="panel" aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">Timeline</h2>
      {body}
      {data?.nextCursor ? <p className="muted small">Older events are in the audit trail.</p> : null}
    </section>
  );
}

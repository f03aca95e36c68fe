import { useEffect, useRef, useState } from 'react';
import type { Ref } from 'react';
import type { AuditEventView } from '../../../src/shared/contract/audit.ts';
import { LoadError, Loading, NotInRole } from '../components/status.tsx';
import { auditEvents } from '../endpoints.ts';
import { formatDateTime } from '../format.ts';
import { useLoad, useMutation } from '../hooks.ts';
import { useCan } from '../session.tsx';
import type { FieldChange } from './audit-events.ts';
import { changedFields, describeEvent, fieldLabel, formatValue, recordNames } from './audit-events.ts';
import { useWorkspace } from './workspace.tsx';

/** Who did what and when to this incident's records, newest first, with what each change changed. */
export function AuditTab() {
  const allowed = useCan('audit:read');
  if (allowed) return <AuditTrail />;
  // Reached by its address only: the tab is not offered to roles without audit:read.
  return (
    <>
      <h2>Audit trail</h2>
      <NotInRole what="the audit trail" />
    </>
  );
}

function AuditTrail() {
  const { org, incident } = useWorkspace();
  const first = useLoad(
    () => auditEvents.list(org, { incidentId: incident.id, limit: 50 }),
    [org, incident.id],
  );
  const [more, setMore] = useState<AuditEventView[]>([]);
  const [cursor, setCursor] = useState<string | null | undefined>(undefined);
  const fetchMore = useMutation((c: string) =>
    auditEvents.list(org, { incidentId: incident.id, limit: 50, cursor: c }),
  );
  // After "Show older events", focus goes to the first event it added, where reading carries on.
  const [firstNew, setFirstNew] = useState<number>();
  const firstNewEntry = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    firstNewEntry.current?.focus();
  }, [firstNew]);

  if (first.error) {
    return (
      <>
        <h2>Audit trail</h2>
        <LoadError error={first.error} retry={first.reload} />
      </>
    );
  }
  if (!first.data) return <Loading what="Loading the audit trail" />;
  const events = [...first.data.items, ...more];
  const nextCursor = cursor === undefined ? first.data.nextCursor : cursor;
  const names = recordNames(events);

  const loadMore = async () => {
    if (!nextCursor || fetchMore.pending) return;
    const result = await fetchMore.run(nextCursor);
    if (result.ok) {
      setFirstNew(events.length);
      setMore((m) => [...m, ...result.value.items]);
      setCursor(result.value.nextCursor);
    }
  };

  return (
    <>
      <h2>Audit trail</h2>
      <p className="muted">
        Every change to this incident and its records, newest first. Nothing is edited silently.
      </p>
      <ol className="audit-list">
        {events.map((e, i) => (
          <AuditEntry
            key={e.id}
            event={e}
            names={names}
            headRef={i === firstNew ? firstNewEntry : undefined}
          />
        ))}
      </ol>
      {fetchMore.error ? <LoadError error={fetchMore.error} /> : null}
      {nextCursor ? (
        <button type="button" onClick={loadMore} aria-disabled={fetchMore.pending || undefined}>
          {fetchMore.pending ? 'Loading…' : 'Show older events'}
        </button>
      ) : null}
    </>
  );
}

function AuditEntry({
  event: e,
  names,
  headRef,
}: {
  event: AuditEventView;
  names: Map<string, string>;
  headRef?: Ref<HTMLSpanElement> | undefined;
}) {
  const changes = changedFields(e);
  return (
    <li className="audit-entry">
      <div className="audit-head">
        <span className="audit-what" ref={headRef} tabIndex={headRef ? -1 : undefined}>
          {describeEvent(e, names)}
        </span>
        <span className="muted small">
          <time dateTime={e.at}>{formatDateTime(e.at)}</time> · by {e.actor.label}
          {e.actor.kind !== 'user' ? ` (${e.actor.kind})` : ''}
        </span>
      </div>
      {changes.length === 0 ? null : e.before === null ? (
        <details>
          <summary>Created with {changes.length} fields</summary>
          <ChangeTable changes={changes} names={names} created />
        </details>
      ) : (
        <ChangeTable changes={changes} names={names} />
      )}
    </li>
  );
}

function ChangeTable({
  changes,
  names,
  created = false,
}: {
  changes: FieldChange[];
  names: Map<string, string>;
  created?: boolean;
}) {
  return (
    <table className="diff">
      <thead>
        <tr>
          <th scope="col">Field</th>
          {created ? null : <th scope="col">Before</th>}
          <th scope="col">{created ? 'Value' : 'After'}</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((c) => (
          <tr key={c.field}>
            <th scope="row">{fieldLabel(c.field)}</th>
            {created ? null : (
              <td>
                <del>{formatValue(c.before, c.field, names)}</del>
              </td>
            )}
            <td>
              {created ? (
                formatValue(c.after, c.field, names)
              ) : (
                <ins>{formatValue(c.after, c.field, names)}</ins>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

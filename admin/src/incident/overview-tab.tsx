import { useRef, useState } from 'react';
import type { IncidentView } from '../../../src/shared/contract/incident.ts';
import { label } from '../../../src/shared/enums.ts';
import { useFocusWhenLost } from '../components/focus.ts';
import { formatDateTime, formatRatio } from '../format.ts';
import { useCan } from '../session.tsx';
import { AdvicePanel } from './advice-panel.tsx';
import { FactsForm } from './facts-form.tsx';
import { StagePanel } from './stage-panel.tsx';
import { Timeline } from './timeline.tsx';
import { useWorkspace } from './workspace.tsx';

function list(values: string[]): string {
  return values.length === 0 ? '—' : values.map(label).join(', ');
}

/** The incident at a glance: facts, SCCT cluster and why, stage and what it takes to advance, timeline. */
export function OverviewTab() {
  const { incident } = useWorkspace();
  const [editing, setEditing] = useState(false);
  const canEdit = useCan('incident:write');
  // The form replaces the button that opened it; closing it brings the button, and focus, back.
  const editButton = useRef<HTMLButtonElement>(null);
  useFocusWhenLost(editing, editButton);
  return (
    <div className="overview">
      <div className="overview-main">
        <StagePanel />
        <Timeline key={`timeline-${incident.version}`} />
      </div>
      <div className="overview-side">
        <Cluster incident={incident} />
        <AdvicePanel />
        <section className="panel" aria-labelledby="facts-heading">
          <div className="panel-heading">
            <h2 id="facts-heading">Facts</h2>
            {editing || !canEdit ? null : (
              <button ref={editButton} type="button" onClick={() => setEditing(true)}>
                Edit facts
              </button>
            )}
          </div>
          {editing && canEdit ? (
            <FactsForm key={incident.version} onDone={() => setEditing(false)} />
          ) : (
            <Facts incident={incident} />
          )}
        </section>
      </div>
    </div>
  );
}

function Facts({ incident: i }: { incident: IncidentView }) {
  const rows: [string, string][] = [
    ['Kind', label(i.kind)],
    ['Crisis type', label(i.crisisType)],
    ['Violation', list(i.violationTypes)],
    ['Culpability', label(i.culpability)],
    ['Deception involved', i.deceptionInvolved ? 'Yes' : 'No'],
    ['Occurred', formatDateTime(i.occurredAt)],
    ['Detected', formatDateTime(i.detectedAt)],
    ['Disclosed', formatDateTime(i.disclosedAt)],
    ['Disclosed first by', i.disclosedBy ? label(i.disclosedBy) : '—'],
    ['Affected audiences', list(i.affectedAudiences)],
    ['Investigation owner', i.investigationOwner ?? '—'],
    ['Prior similar incidents', String(i.priorSimilarIncidents)],
    ['Prior reputation', label(i.priorReputation)],
    ['Open actions', `${i.openActions} (${i.overdueActions} overdue)`],
    ['Say–do ratio', formatRatio(i.sayDo.ratio)],
  ];
  return (
    <>
      {i.summary ? <p className="summary">{i.summary}</p> : null}
      <dl className="facts">
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
    </>
  );
}

/** The SCCT cluster, with the rationale one click away (“why this recommendation?”). */
function Cluster({ incident: i }: { incident: IncidentView }) {
  return (
    <section className="panel" aria-labelledby="cluster-heading">
      <h2 id="cluster-heading">Crisis cluster</h2>
      <p>
        <strong>{label(i.cluster)}</strong>{' '}
        <span className="muted">({i.clusterSource === 'override' ? 'set by a person' : 'derived'})</span>
      </p>
      <details>
        <summary>Why {label(i.cluster).toLowerCase()}?</summary>
        <p>{i.clusterRationale.text}</p>
        {i.clusterRationale.rules.length > 0 ? (
          <p className="muted">Rules: {i.clusterRationale.rules.join(', ')}</p>
        ) : null}
        {i.clusterOverride ? <p>Override reason: {i.clusterOverride.reason}</p> : null}
      </details>
    </section>
  );
}

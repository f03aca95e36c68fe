import { useRef, useState } from 'react';
import type { FormEvent } from 'react';
import type { Stage } from '../../../src/shared/enums.ts';
import { label, STAGES } from '../../../src/shared/enums.ts';
import type { ApiError } from '../api.ts';
import { etagOf } from '../api.ts';
import { useAnnounce } from '../components/announcer.tsx';
import { useFocusWhenLost } from '../components/focus.ts';
import { ErrorSummary, readForm, SubmitButton, TextArea } from '../components/forms.tsx';
import { incidents } from '../endpoints.ts';
import { useMutation } from '../hooks.ts';
import { useCan } from '../session.tsx';
import { useWorkspace } from './workspace.tsx';

/** The stage stepper, what stands between the incident and the next stage, and the moves. */
export function StagePanel() {
  const { incident } = useWorkspace();
  const canMove = useCan('incident:transition');
  const { readiness } = incident;
  // A move remounts the buttons below, the pressed one with them: focus lands on the heading.
  const heading = useRef<HTMLHeadingElement>(null);
  useFocusWhenLost(incident.stage, heading);

  return (
    <section className="panel" aria-labelledby="stage-heading">
      <h2 id="stage-heading" ref={heading} tabIndex={-1}>
        Stage
      </h2>
      <Stepper stage={incident.stage} />
      {readiness.next ? (
        <>
          <h3>What is needed to advance to {label(readiness.next)}</h3>
          {readiness.unmet.length === 0 ? (
            <p className="ok-note">Every requirement is met: the incident can move on.</p>
          ) : (
            <Findings findings={readiness.unmet} />
          )}
        </>
      ) : (
        <p>The incident is closed.</p>
      )}
      {readiness.warnings.length > 0 ? (
        <>
          <h3>Warnings</h3>
          <Findings findings={readiness.warnings} />
        </>
      ) : null}
      {/* A refusal or half-written reason is stale once the incident changes. */}
      {canMove ? <StageMoves key={incident.version} /> : null}
    </section>
  );
}

/** Advance, or move back with a reason; only for roles that may transition incidents. */
function StageMoves() {
  const { org, incident, replace } = useWorkspace();
  const announce = useAnnounce();
  const [movingBack, setMovingBack] = useState(false);
  const backButton = useRef<HTMLButtonElement>(null);
  useFocusWhenLost(movingBack, backButton);
  const move = useMutation((to: Stage, reason?: string) =>
    incidents.transition(org, incident.id, { to, reason }),
  );
  const { next } = incident.readiness;
  const index = STAGES.indexOf(incident.stage);
  const previous = index > 0 ? STAGES[index - 1] : undefined;

  const go = async (to: Stage, reason?: string) => {
    if (move.pending) return false;
    const result = await move.run(to, reason);
    if (result.ok) {
      replace({ data: result.value, etag: etagOf(result.value) });
      announce(`The incident moved to ${label(to)}.`);
    }
    return result.ok;
  };

  const onBack = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (previous && (await go(previous, readForm(e.currentTarget).text('reason')))) setMovingBack(false);
  };

  return (
    <>
      {move.error && !movingBack ? <MoveError error={move.error} /> : null}
      <div className="form-actions">
        {next ? (
          <button type="button" className="primary" onClick={() => go(next)}>
            Advance to {label(next)}
          </button>
        ) : null}
        {previous && !movingBack ? (
          <button
            ref={backButton}
            type="button"
            onClick={() => {
              move.reset();
              setMovingBack(true);
            }}
          >
            Move back to {label(previous)}…
          </button>
        ) : null}
      </div>
      {previous && movingBack ? (
        <form
          onSubmit={onBack}
          noValidate
          className="inline-form"
          aria-label={`Move back to ${label(previous)}`}
        >
          <ErrorSummary error={move.error} labels={{ reason: 'Reason' }} />
          <TextArea
            autoFocus
            label={`Why move back to ${label(previous)}?`}
            name="reason"
            required
            hint="New facts, a reform that did not hold, a reopened case. It is kept in the audit trail."
            errors={move.error?.fieldErrors()}
          />
          <div className="form-actions">
            <SubmitButton pending={move.pending}>Move back to {label(previous)}</SubmitButton>
            <button type="button" onClick={() => setMovingBack(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : null}
    </>
  );
}

function Stepper({ stage }: { stage: Stage }) {
  const current = STAGES.indexOf(stage);
  return (
    <ol className="stepper" aria-label="Recovery stages">
      {STAGES.map((s, i) => {
        const state = i < current ? 'done' : i === current ? 'current' : 'upcoming';
        return (
          <li key={s} className={`step step-${state}`} aria-current={i === current ? 'step' : undefined}>
            <span className="step-number" aria-hidden="true">
              {i < current ? '✓' : i + 1}
            </span>
            <span className="step-label">{label(s)}</span>
            <span className="visually-hidden">
              {state === 'done' ? ' (completed)' : state === 'current' ? ' (current stage)' : ''}
            </span>
          </li>
        );
      })}
    </ol>
  );
}

interface Finding {
  rule: string;
  message: string;
  remedy: string;
}

/** Rule findings with their rule id, what is wrong and what would satisfy it. */
function Findings({ findings }: { findings: Finding[] }) {
  return (
    <ul className="findings">
      {findings.map((f, i) => (
        <li key={`${f.rule}-${i}`}>
          <span className="rule-id">{f.rule}</span> {f.message}
          <div className="remedy">
            <span className="remedy-label">To do:</span> {f.remedy}
          </div>
        </li>
      ))}
    </ul>
  );
}

/** A refused move lists each unmet rule; anything else is a plain problem. */
function MoveError({ error }: { error: ApiError }) {
  if (error.code !== 'transition_refused') return <ErrorSummary error={error} />;
  const findings = (error.problem.errors ?? []).map((e) => ({
    rule: e.rule ?? e.path,
    message: e.message,
    remedy: e.remedy ?? '',
  }));
  return (
    <div className="error-summary" role="alert">
      <p className="error-title">Not yet: {error.problem.detail}</p>
      <Findings findings={findings} />
    </div>
  );
}

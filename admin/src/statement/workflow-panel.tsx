import { useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { label } from '../../../src/shared/enums.ts';
import { apiUrl, isApiError } from '../api.ts';
import type { ApiError } from '../api.ts';
import { useAnnounce } from '../components/announcer.tsx';
import { useFocusWhenLost } from '../components/focus.ts';
import { ErrorSummary, readForm, SubmitButton, TextArea, TextField } from '../components/forms.tsx';
import type { PublishInput, StatementView } from '../contract.ts';
import { settings, statements } from '../endpoints.ts';
import { formatDateTime, fromLocalInput } from '../format.ts';
import { useLoad, useMutation } from '../hooks.ts';
import { publicPagePath, useWorkspace } from '../incident/workspace.tsx';
import { useCan, useSession } from '../session.tsx';

/**
 * What can happen to the statement next, for this person: submit a draft, review someone else's
 * version, publish now or at a time (with an override reason when the checker blocks), retract.
 */
export function WorkflowPanel({
  statement: s,
  dirty,
  replace,
}: {
  statement: StatementView;
  /** The editor holds unsaved changes: they must be saved (a new version) before moving on. */
  dirty: boolean;
  replace: (s: StatementView) => void;
}) {
  const { org, incident } = useWorkspace();
  const { session, membership } = useSession();
  const announce = useAnnounce();
  const canWrite = useCan('statement:write');
  const canApprove = useCan('statement:approve');
  const canPublish = useCan('statement:publish');
  const canAudit = useCan('audit:read');
  const policy = useLoad(() => settings.get(org), [org]);
  const role = membership(org)?.role;
  const heading = useRef<HTMLHeadingElement>(null);
  useFocusWhenLost(s.state, heading);

  const submit = useMutation(() => statements.submit(org, s.id));
  const onSubmit = async () => {
    if (submit.pending) return;
    const r = await submit.run();
    if (r.ok) {
      replace(r.value);
      announce(`Version ${r.value.currentVersion} is in review.`);
    }
  };

  const author = s.current.author;
  const isAuthor = author.kind === 'user' && author.id === session?.user.id;
  const reviewerRoles = policy.data?.statements.approverRoles;
  const roleMayReview = role !== undefined && (reviewerRoles?.includes(role as never) ?? false);
  const approvals = s.reviews.filter(
    (r) => r.versionNumber === s.currentVersion && r.decision === 'approved',
  ).length;
  const needed = policy.data?.statements.requiredApprovals;
  const publicLink = s.published?.audiences.includes('public') && s.state !== 'retracted';

  return (
    <section className="panel" aria-labelledby="workflow-heading">
      <h2 id="workflow-heading" ref={heading} tabIndex={-1}>
        Review and publication
      </h2>
      <p>
        Version {s.currentVersion} is <strong>{label(s.state).toLowerCase()}</strong>
        {s.state === 'in_review' && needed ? (
          <>
            {' '}
            ({approvals} of {needed} approval{needed === 1 ? '' : 's'})
          </>
        ) : null}
        .
        {s.publishedVersion !== null && s.publishedVersion !== s.currentVersion ? (
          <> The public still sees version {s.publishedVersion} until this one is published.</>
        ) : null}
      </p>
      {s.scheduledAt ? <p>Scheduled for {formatDateTime(s.scheduledAt)}.</p> : null}
      {s.state === 'retracted' ? (
        <p className="notice">
          Retracted {formatDateTime(s.retractedAt)}: {s.retractionReason}
        </p>
      ) : null}

      {s.state === 'draft' && canWrite ? (
        <div className="workflow-step">
          {dirty ? (
            <p className="muted small">Save your changes first: reviewers see saved versions.</p>
          ) : null}
          <button
            type="button"
            className="primary"
            aria-disabled={dirty || submit.pending || undefined}
            onClick={dirty ? undefined : onSubmit}
          >
            Submit for review
          </button>
          <ErrorSummary error={submit.error} />
        </div>
      ) : null}

      {s.state === 'in_review' && canApprove ? (
        isAuthor ? (
          <p className="muted">You wrote this version: another person reviews it.</p>
        ) : policy.data && !roleMayReview ? (
          <p className="muted">
            Reviewers here: {reviewerRoles?.map(label).join(', ')}. Your role does not review statements.
          </p>
        ) : (
          <ReviewForm statement={s} replace={replace} />
        )
      ) : null}

      {s.state === 'approved' && canPublish ? <PublishForm statement={s} replace={replace} /> : null}

      {s.publishedVersion !== null && s.state !== 'retracted' && canPublish ? (
        <RetractForm statement={s} replace={replace} />
      ) : null}

      {publicLink || (s.publishedVersion !== null && canAudit) ? (
        <ul className="plain-list small">
          {publicLink ? (
            <li>
              <a href={`${publicPagePath(org, incident.slug)}#statement-${s.id}`}>
                See it on the public page
              </a>
            </li>
          ) : null}
          {s.publishedVersion !== null && canAudit ? (
            <li>
              <a href={apiUrl(statements.deliveriesCsv(org, s.id))} download>
                Proof of notification (CSV of every delivery)
              </a>
            </li>
          ) : null}
        </ul>
      ) : null}
    </section>
  );
}

function ReviewForm({
  statement: s,
  replace,
}: {
  statement: StatementView;
  replace: (s: StatementView) => void;
}) {
  const { org } = useWorkspace();
  const announce = useAnnounce();
  const review = useMutation((decision: 'approved' | 'rejected', comment: string | undefined) =>
    statements.review(org, s.id, { decision, comment }),
  );
  const decide = async (form: HTMLFormElement, decision: 'approved' | 'rejected') => {
    if (review.pending) return;
    const r = await review.run(decision, readForm(form).optional('comment'));
    if (r.ok) {
      replace(r.value);
      announce(
        decision === 'approved'
          ? `You approved version ${s.currentVersion}; it is now ${label(r.value.state).toLowerCase()}.`
          : `You rejected version ${s.currentVersion}; it is back in draft.`,
      );
    }
  };
  return (
    <form
      noValidate
      aria-label="Review this version"
      onSubmit={(e) => {
        e.preventDefault();
        void decide(e.currentTarget, 'approved');
      }}
    >
      <ErrorSummary error={review.error} labels={{ comment: 'Comment' }} />
      <TextArea
        label="Comment"
        name="comment"
        hint="Needed to reject: say what to change."
        errors={review.error?.fieldErrors()}
      />
      <div className="form-actions">
        <SubmitButton pending={review.pending}>Approve</SubmitButton>
        <button
          type="button"
          onClick={(e) => {
            if (e.currentTarget.form) void decide(e.currentTarget.form, 'rejected');
          }}
        >
          Reject
        </button>
      </div>
    </form>
  );
}

/** The findings a checker_blocked refusal listed, from its errors (path `body[start:end]`). */
function BlockingFindings({ error }: { error: ApiError }) {
  return (
    <div className="error-summary" role="alert">
      <p className="error-title">The checker blocks publication</p>
      <p>{error.problem.detail}</p>
      <ul aria-label="Blocking findings">
        {(error.problem.errors ?? []).map((f, i) => (
          <li key={`${f.rule}-${i}`}>
            <span className="rule-id">{f.rule}</span> {f.message}
            {f.remedy ? (
              <div className="remedy">
                <span className="remedy-label">Suggestion:</span> {f.remedy}
              </div>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

function PublishForm({
  statement: s,
  replace,
}: {
  statement: StatementView;
  replace: (s: StatementView) => void;
}) {
  const { org } = useWorkspace();
  const announce = useAnnounce();
  const [at, setAt] = useState('');
  const publish = useMutation((body: PublishInput) => statements.publish(org, s.id, body));
  const blocked = publish.error && isApiError(publish.error) && publish.error.code === 'checker_blocked';

  const run = async (overrideReason?: string) => {
    if (publish.pending) return;
    const when = fromLocalInput(at) ?? undefined;
    const r = await publish.run({ at: when, overrideReason });
    if (r.ok) {
      replace(r.value);
      announce(
        r.value.state === 'published'
          ? `Version ${r.value.publishedVersion} is published.`
          : `Publication scheduled for ${formatDateTime(r.value.scheduledAt)}.`,
      );
    }
  };

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    void run();
  };
  const onOverride = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    void run(readForm(e.currentTarget).text('overrideReason'));
  };

  return (
    <>
      <form noValidate onSubmit={onSubmit} aria-label="Publish">
        {!blocked ? <ErrorSummary error={publish.error} labels={{ at: 'Publish at' }} /> : null}
        <TextField
          label="Publish at"
          name="at"
          type="datetime-local"
          hint="Leave empty to publish now; a later time schedules it."
          value={at}
          onChange={(e) => setAt(e.currentTarget.value)}
          errors={blocked ? undefined : publish.error?.fieldErrors()}
        />
        <SubmitButton pending={publish.pending}>{at ? 'Schedule publication' : 'Publish now'}</SubmitButton>
      </form>
      {blocked && publish.error ? (
        <>
          <BlockingFindings error={publish.error} />
          <form noValidate onSubmit={onOverride} aria-label="Publish with override" className="inline-form">
            <TextArea
              label="Why publish despite these findings?"
              name="overrideReason"
              required
              hint="Kept with the version and in the audit trail."
            />
            <SubmitButton pending={publish.pending}>Publish with override</SubmitButton>
          </form>
        </>
      ) : null}
    </>
  );
}

function RetractForm({
  statement: s,
  replace,
}: {
  statement: StatementView;
  replace: (s: StatementView) => void;
}) {
  const { org } = useWorkspace();
  const announce = useAnnounce();
  const [open, setOpen] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  useFocusWhenLost(open, opener);
  const retract = useMutation((reason: string) => statements.retract(org, s.id, reason));
  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (retract.pending) return;
    const r = await retract.run(readForm(e.currentTarget).text('reason'));
    if (r.ok) {
      replace(r.value);
      announce('The statement is retracted; its notice and reason stay on the public page.');
    }
  };
  return (
    <div className="workflow-step">
      <button ref={opener} type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
        Retract
      </button>
      {open ? (
        <form noValidate onSubmit={onSubmit} aria-label="Retract the statement" className="inline-form">
          <ErrorSummary error={retract.error} labels={{ reason: 'Reason' }} />
          <TextArea
            label="Reason"
            name="reason"
            required
            hint="Shown with the retraction notice where the statement was, and sent to subscribers."
            errors={retract.error?.fieldErrors()}
          />
          <div className="form-actions">
            <SubmitButton pending={retract.pending}>Retract statement</SubmitButton>
            <button type="button" onClick={() => setOpen(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : null}
    </div>
  );
}

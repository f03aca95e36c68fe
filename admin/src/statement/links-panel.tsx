import { useId, useState } from 'react';
import type { FormEvent, RefObject } from 'react';
import type { ActionView } from '../../../src/shared/contract/action.ts';
import type { CommitmentView } from '../../../src/shared/contract/commitment.ts';
import { label } from '../../../src/shared/enums.ts';
import type { ApiError } from '../api.ts';
import { useAnnounce } from '../components/announcer.tsx';
import { ErrorSummary, SubmitButton } from '../components/forms.tsx';
import type { StatementLink } from '../contract.ts';
import { truncate } from '../format.ts';

/**
 * Passages of the text linked to the record. The checker's truth rules read them: a claim that
 * work is done is checked against its action, a promise against its commitment.
 */
export function LinksPanel({
  links,
  body,
  bodyRef,
  actions,
  commitments,
  editable,
  setLinks,
  error,
}: {
  links: StatementLink[];
  body: string;
  bodyRef: RefObject<HTMLTextAreaElement | null>;
  actions: ActionView[];
  commitments: CommitmentView[];
  editable: boolean;
  setLinks: (links: StatementLink[]) => Promise<boolean>;
  error: ApiError | undefined;
}) {
  const announce = useAnnounce();
  const id = useId();
  const [quote, setQuote] = useState('');
  const [target, setTarget] = useState('');
  const [pending, setPending] = useState(false);
  const actionsById = new Map(actions.map((a) => [a.id, a]));
  const commitmentsById = new Map(commitments.map((c) => [c.id, c]));

  const describe = (l: StatementLink) => {
    if (l.actionId) {
      const a = actionsById.get(l.actionId);
      return a ? `Action “${a.title}” (${label(a.status).toLowerCase()})` : 'An action';
    }
    const c = l.commitmentId ? commitmentsById.get(l.commitmentId) : undefined;
    return c ? `Commitment “${truncate(c.text, 80)}” (${label(c.status).toLowerCase()})` : 'A commitment';
  };

  const takeSelection = () => {
    const area = bodyRef.current;
    if (!area) return;
    const selected = area.value.slice(area.selectionStart, area.selectionEnd).trim();
    if (selected) setQuote(selected);
  };

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (pending) return;
    const [kind, targetId] = target.split(':');
    const next: StatementLink =
      kind === 'commitment' ? { quote, commitmentId: targetId } : { quote, actionId: targetId };
    setPending(true);
    const ok = await setLinks([...links, next]);
    setPending(false);
    if (ok) {
      setQuote('');
      announce('Passage linked.');
    }
  };

  const notInText = quote.trim() !== '' && !body.toLowerCase().includes(quote.trim().toLowerCase());
  return (
    <section className="panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Passages linked to the record</h2>
      <p className="muted small">
        The checker holds a linked claim to its action’s status and a linked promise to its commitment.
      </p>
      {links.length === 0 ? <p className="empty">No passage is linked yet.</p> : null}
      {links.length > 0 ? (
        <ul className="links-list">
          {links.map((l, i) => (
            <li key={`${l.quote}-${i}`}>
              <q>{l.quote}</q> → {describe(l)}{' '}
              {editable ? (
                <button
                  type="button"
                  className="link-button"
                  onClick={async () => {
                    if (await setLinks(links.filter((_, j) => j !== i))) announce('Link removed.');
                  }}
                >
                  Remove<span className="visually-hidden"> the link of “{l.quote}”</span>
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      <ErrorSummary error={error} labels={{ links: 'Linked passages' }} />
      {editable ? (
        <form onSubmit={submit} noValidate aria-label="Link a passage" className="inline-form">
          <div className="field">
            <label htmlFor={`${id}-quote`}>Passage</label>
            <p className="hint" id={`${id}-quote-hint`}>
              Select words in the text, then use the button; or type them exactly.
            </p>
            {notInText ? (
              <p className="field-error" id={`${id}-quote-error`}>
                <span className="visually-hidden">Error: </span>These words are not in the text.
              </p>
            ) : null}
            <div className="why-row">
              <input
                id={`${id}-quote`}
                value={quote}
                onChange={(e) => setQuote(e.currentTarget.value)}
                aria-invalid={notInText || undefined}
                aria-describedby={`${notInText ? `${id}-quote-error ` : ''}${id}-quote-hint`}
              />
              <button type="button" onClick={takeSelection}>
                Use the selected text
              </button>
            </div>
          </div>
          <div className="field">
            <label htmlFor={`${id}-target`}>Action or commitment</label>
            <select id={`${id}-target`} value={target} onChange={(e) => setTarget(e.currentTarget.value)}>
              <option value="">Choose…</option>
              <optgroup label="Actions">
                {actions.map((a) => (
                  <option key={a.id} value={`action:${a.id}`}>
                    {truncate(a.title, 90)} ({label(a.status)})
                  </option>
                ))}
              </optgroup>
              <optgroup label="Commitments">
                {commitments.map((c) => (
                  <option key={c.id} value={`commitment:${c.id}`}>
                    {truncate(c.text, 90)} ({label(c.status)})
                  </option>
                ))}
              </optgroup>
            </select>
          </div>
          <SubmitButton pending={pending}>Link passage</SubmitButton>
        </form>
      ) : null}
    </section>
  );
}

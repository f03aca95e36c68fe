import { useState } from 'react';
import type { FormEvent } from 'react';
import type { ActionView } from '../../../src/shared/contract/action.ts';
import { label } from '../../../src/shared/enums.ts';
import { useAnnounce } from '../components/announcer.tsx';
import { ErrorSummary, SelectField } from '../components/forms.tsx';
import { feedback } from '../endpoints.ts';
import { useMutation } from '../hooks.ts';

/** One thing the form can link: selected items, or a whole theme. */
export interface LinkChoice {
  key: string;
  /** The button's words, e.g. "Link 2 selected items". */
  button: string;
  /** What was linked, for the confirmation: "2 items", "the theme “Refunds”". */
  what: string;
  body: { feedbackIds?: string[]; themes?: string[] };
  /** Why the choice cannot be made now (nothing selected); the button says so instead of acting. */
  unavailable?: string | undefined;
}

/** Actions that can still answer feedback: not dropped. */
export function linkableActions(items: ActionView[]): ActionView[] {
  return items.filter((a) => a.status !== 'dropped');
}

/**
 * Links what people said to the corrective action that answers it. Whoever consented to hear back
 * gets one "you said, we did" message when the action is done (or at once, if it is already).
 * Shown only to roles with action:write.
 */
export function LinkToAction({
  org,
  actions,
  choices,
  legend,
  onLinked,
}: {
  org: string;
  actions: ActionView[];
  choices: LinkChoice[];
  legend: string;
  onLinked?: () => void;
}) {
  const announce = useAnnounce();
  const [done, setDone] = useState<string>();
  const [missing, setMissing] = useState<string>();
  const link = useMutation((actionId: string, body: LinkChoice['body']) =>
    feedback.link(org, actionId, body),
  );

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (link.pending) return;
    const key = ((e.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null)?.value;
    const choice = choices.find((c) => c.key === key) ?? choices[0];
    const actionId = String(new FormData(e.currentTarget).get('action') ?? '');
    setDone(undefined);
    if (!choice) return;
    if (choice.unavailable) return setMissing(choice.unavailable);
    if (!actionId) return setMissing('Choose the action that answers it.');
    setMissing(undefined);
    const result = await link.run(actionId, choice.body);
    if (!result.ok) return;
    const action = actions.find((a) => a.id === actionId);
    const finished = action && (action.status === 'done' || action.status === 'verified');
    const message = `Linked ${choice.what} to “${action?.title ?? 'the action'}”. ${
      finished
        ? 'It is already done: everyone who asked to hear back is being told now.'
        : 'Everyone who asked to hear back will get one message when it is done.'
    }`;
    setDone(message);
    announce(message);
    onLinked?.();
  };

  if (actions.length === 0) {
    return <p className="muted">Plan a corrective action for this incident to link feedback to it.</p>;
  }
  return (
    <form className="link-form" onSubmit={submit} noValidate aria-label={legend}>
      <fieldset>
        <legend>{legend}</legend>
        <ErrorSummary error={link.error} labels={{ feedbackIds: 'Items', themes: 'Themes' }} />
        {missing ? (
          <p className="field-error" role="alert">
            {missing}
          </p>
        ) : null}
        <SelectField
          label="Action"
          name="action"
          placeholder="Choose an action"
          options={actions.map((a) => ({ value: a.id, label: `${a.title} (${label(a.status)})` }))}
        />
        <div className="form-actions">
          {choices.map((c) => (
            <button key={c.key} type="submit" value={c.key} aria-disabled={link.pending || undefined}>
              {c.button}
            </button>
          ))}
        </div>
        {done ? <p className="success">{done}</p> : null}
      </fieldset>
    </form>
  );
}

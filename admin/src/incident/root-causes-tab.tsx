import { useEffect, useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import type { RootCauseView } from '../../../src/shared/contract/root-cause.ts';
import type { Component, TrustDimension } from '../../../src/shared/enums.ts';
import { COMPONENTS, label, TRUST_DIMENSIONS } from '../../../src/shared/enums.ts';
import { useAnnounce } from '../components/announcer.tsx';
import { Badge } from '../components/badges.tsx';
import type { FieldErrors } from '../components/forms.tsx';
import {
  Checkbox,
  CheckboxGroup,
  ErrorSummary,
  errorFor,
  optionsOf,
  readForm,
  SelectField,
  SubmitButton,
  TextArea,
} from '../components/forms.tsx';
import { LoadError, Loading } from '../components/status.tsx';
import { rootCauses } from '../endpoints.ts';
import { useLoad, useMutation } from '../hooks.ts';
import { useCan } from '../session.tsx';
import { useWorkspace } from './workspace.tsx';

const LABELS = {
  description: 'Description',
  component: 'Component',
  dimensions: 'Trust dimensions implicated',
  systemic: 'Systemic',
  whys: 'Five whys',
};

export function RootCausesTab() {
  const { org, incident, reload } = useWorkspace();
  const list = useLoad(() => rootCauses.list(org, incident.id), [org, incident.id]);
  const canAdd = useCan('root_cause:write');

  return (
    <>
      <h2>Root causes</h2>
      {list.error ? <LoadError error={list.error} retry={list.reload} /> : null}
      {!list.data && !list.error ? <Loading what="Loading root causes" /> : null}
      {list.data?.items.length === 0 ? <p className="empty">No root cause recorded yet.</p> : null}
      <ul className="cards">
        {list.data?.items.map((rc) => (
          <RootCauseCard key={rc.id} rc={rc} />
        ))}
      </ul>
      {canAdd ? (
        <AddRootCause
          onAdded={() => {
            void list.reload();
            void reload();
          }}
        />
      ) : null}
    </>
  );
}

function RootCauseCard({ rc }: { rc: RootCauseView }) {
  return (
    <li className="card">
      <p className="card-title">{rc.description}</p>
      <p className="card-meta">
        <Badge>{label(rc.component)}</Badge>{' '}
        {rc.dimensions.map((d) => (
          <Badge key={d} tone="info">
            {label(d)}
          </Badge>
        ))}{' '}
        <Badge tone={rc.systemic ? 'warn' : 'neutral'}>{rc.systemic ? 'Systemic' : 'Individual'}</Badge>
        {rc.independentReview ? <Badge tone="good">Independently reviewed</Badge> : null}
      </p>
      {rc.whys.length > 0 ? (
        <details>
          <summary>Five whys ({rc.whys.length})</summary>
          <ol className="whys">
            {rc.whys.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ol>
        </details>
      ) : null}
    </li>
  );
}

function AddRootCause({ onAdded }: { onAdded: () => void }) {
  const { org, incident } = useWorkspace();
  const [whys, setWhys] = useState<string[]>(['']);
  const announce = useAnnounce();
  const create = useMutation((body: Parameters<typeof rootCauses.create>[2]) =>
    rootCauses.create(org, incident.id, body),
  );

  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (create.pending) return;
    const form = e.currentTarget;
    const f = readForm(form);
    // Blank rows at the end are just unused; a blank row in the middle is sent so the API names it.
    const chain = [...whys];
    while (chain.length > 0 && !chain[chain.length - 1]!.trim()) chain.pop();
    const result = await create.run({
      description: f.text('description'),
      component: f.text('component') as Component,
      dimensions: f.all('dimensions') as TrustDimension[],
      systemic: f.checked('systemic'),
      whys: chain,
    });
    if (result.ok) {
      form.reset();
      setWhys(['']);
      announce('Root cause recorded.');
      onAdded();
    }
  };

  const errors = create.error?.fieldErrors();
  return (
    <section className="panel" aria-labelledby="add-rc-heading">
      <h3 id="add-rc-heading">Add a root cause</h3>
      <form onSubmit={onSubmit} noValidate>
        <ErrorSummary error={create.error} labels={LABELS} />
        <TextArea label={LABELS.description} name="description" required errors={errors} />
        <div className="field-row">
          <SelectField
            label={LABELS.component}
            name="component"
            required
            placeholder="Choose…"
            hint="Where in the organization the cause sits."
            options={optionsOf(COMPONENTS, label)}
            errors={errors}
          />
          <CheckboxGroup
            label={LABELS.dimensions}
            name="dimensions"
            required
            options={optionsOf(TRUST_DIMENSIONS, label)}
            errors={errors}
          />
        </div>
        <Checkbox
          label="Systemic: in how the organization works, not one person"
          name="systemic"
          defaultChecked
          errors={errors}
        />
        <WhysEditor whys={whys} onChange={setWhys} errors={errors} />
        <SubmitButton pending={create.pending}>Add root cause</SubmitButton>
      </form>
    </section>
  );
}

/** The 5-whys chain: one input per why, from the symptom down to the cause. */
function WhysEditor({
  whys,
  onChange,
  errors,
}: {
  whys: string[];
  onChange: (whys: string[]) => void;
  errors: FieldErrors | undefined;
}) {
  const listError = errors?.whys;
  const base = useId();
  // A why added takes focus; a why removed hands it to the one now in its place (or the last).
  const inputs = useRef<(HTMLInputElement | null)[]>([]);
  const focusAt = useRef<number | null>(null);
  useEffect(() => {
    if (focusAt.current === null) return;
    inputs.current[focusAt.current]?.focus();
    focusAt.current = null;
  }, [whys.length]);
  const change = (next: string[], focus: number) => {
    focusAt.current = focus;
    onChange(next);
  };
  return (
    <fieldset
      className="field whys-editor"
      aria-describedby={[listError ? `${base}-error` : '', `${base}-hint`].join(' ').trim()}
    >
      <legend>{LABELS.whys}</legend>
      <p className="hint" id={`${base}-hint`}>
        From the symptom to the cause: why did it happen, and why did that happen?
      </p>
      {listError ? (
        <p className="field-error" id={`${base}-error`}>
          <span className="visually-hidden">Error: </span>
          {listError}
        </p>
      ) : null}
      <ol>
        {whys.map((w, i) => {
          const error = errorFor(errors, `whys.${i}`);
          const id = `${base}-why-${i}`;
          return (
            <li key={i} className={error ? 'has-error' : undefined}>
              <label htmlFor={id}>Why {i + 1}</label>
              {error ? (
                <p className="field-error" id={`${id}-error`}>
                  <span className="visually-hidden">Error: </span>
                  {error}
                </p>
              ) : null}
              <div className="why-row">
                <input
                  ref={(el) => {
                    inputs.current[i] = el;
                  }}
                  id={id}
                  value={w}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={error ? `${id}-error` : undefined}
                  onChange={(e) => onChange(whys.map((x, j) => (j === i ? e.target.value : x)))}
                />
                {whys.length > 1 ? (
                  <button
                    type="button"
                    onClick={() =>
                      change(
                        whys.filter((_, j) => j !== i),
                        Math.min(i, whys.length - 2),
                      )
                    }
                  >
                    Remove<span className="visually-hidden"> why {i + 1}</span>
                  </button>
                ) : null}
              </div>
            </li>
          );
        })}
      </ol>
      {whys.length < 10 ? (
        <button type="button" onClick={() => change([...whys, ''], whys.length)}>
          Add a why
        </button>
      ) : null}
    </fieldset>
  );
}

import { useState } from 'react';
import type { FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { label, STANDARD_AUDIENCES } from '../../../src/shared/enums.ts';
import type { ApiError } from '../api.ts';
import {
  Checkbox,
  ErrorSummary,
  optionsOf,
  readForm,
  SelectField,
  SubmitButton,
  TextField,
} from '../components/forms.tsx';
import { PageHeading } from '../components/layout.tsx';
import { LoadError, Loading, NotInRole } from '../components/status.tsx';
import type { QuestionType, SurveyQuestion } from '../contract.ts';
import { BUILTIN_INSTRUMENT_KEY, QUESTION_TYPES, TRUST_SCALES, WAVE_KINDS } from '../contract.ts';
import { incidents, surveys } from '../endpoints.ts';
import { fromLocalInput, truncate } from '../format.ts';
import { useLoad, useMutation, useTitle } from '../hooks.ts';
import { useCan } from '../session.tsx';

const CUSTOM = '__custom';

const TYPE_LABELS: Record<QuestionType, string> = {
  nps: 'NPS (0–10)',
  csat: 'CSAT (1–5)',
  ces: 'CES (1–7)',
  agreement: 'Agreement (1–7) with a trust dimension',
  single_choice: 'Single choice',
  multiple_choice: 'Multiple choice',
  text: 'Free text',
};

/** A question being written: choice options as lines, made into `{ id, label }` on submit. */
interface Draft {
  key: number;
  type: QuestionType;
  text: string;
  required: boolean;
  dimension: string;
  reverse: boolean;
  options: string;
}

let draftKey = 0;
const newDraft = (type: QuestionType = 'nps'): Draft => ({
  key: ++draftKey,
  type,
  text: '',
  required: false,
  dimension: '',
  reverse: false,
  options: '',
});

function toQuestion(d: Draft, index: number): SurveyQuestion {
  const q: SurveyQuestion = { id: `q${index + 1}`, type: d.type, text: d.text.trim(), required: d.required };
  if (d.type === 'agreement') {
    if (d.dimension) q.dimension = d.dimension as NonNullable<SurveyQuestion['dimension']>;
    if (d.reverse) q.reverse = true;
  }
  if (d.type === 'single_choice' || d.type === 'multiple_choice') {
    q.options = d.options
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .map((l, i) => ({ id: `o${i + 1}`, label: l }));
  }
  return q;
}

/**
 * The survey builder: a wave from an instrument — the built-in trust instrument (its items listed),
 * one of the organization's, or a custom one written here — with its audience, kind, anonymity,
 * edit window and reminders. The wave is created as a draft; recipients come next.
 */
export function SurveyBuilder() {
  const org = useParams().org!;
  const canWrite = useCan('survey:write');
  useTitle('New survey wave');
  if (!canWrite) {
    return (
      <>
        <PageHeading>New survey wave</PageHeading>
        <NotInRole what="creating surveys" />
      </>
    );
  }
  return <Builder org={org} />;
}

function Builder({ org }: { org: string }) {
  const navigate = useNavigate();
  const instruments = useLoad(async () => (await surveys.instruments(org)).items, [org]);
  const incidentList = useLoad(async () => (await incidents.list(org, {})).items, [org]);
  const [choice, setChoice] = useState(BUILTIN_INSTRUMENT_KEY);
  const [drafts, setDrafts] = useState<Draft[]>(() => [newDraft('nps'), newDraft('text')]);
  const [errorWhat, setErrorWhat] = useState<'instrument' | 'wave'>('wave');
  const create = useMutation(async (f: ReturnType<typeof readForm>) => {
    let instrument = choice;
    if (choice === CUSTOM) {
      setErrorWhat('instrument');
      const made = await surveys.createInstrument(org, {
        key: f.text('instrumentKey'),
        name: f.text('instrumentName'),
        questions: drafts.map(toQuestion),
      });
      instrument = made.id;
    }
    setErrorWhat('wave');
    const hours = f.text('reminderHours');
    return surveys.create(org, {
      title: f.text('title'),
      instrument,
      incident: f.optional('incident'),
      audience: f.text('audience'),
      wave: f.text('wave') as (typeof WAVE_KINDS)[number],
      anonymous: f.checked('anonymous'),
      editWindowHours: f.text('editWindowHours') === '' ? undefined : Number(f.text('editWindowHours')),
      reminderHours: hours
        ? hours
            .split(/[,\s]+/)
            .filter(Boolean)
            .map(Number)
        : undefined,
      closesAt: fromLocalInput(f.text('closesAt')) ?? undefined,
    });
  });

  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const r = await create.run(readForm(e.currentTarget));
    if (r.ok) navigate(`/orgs/${org}/surveys/${r.value.id}`);
  };
  const shownError = create.error;
  const errors = errorWhat === 'wave' ? shownError?.fieldErrors() : undefined;
  const own = (instruments.data ?? []).filter((i) => i.key !== BUILTIN_INSTRUMENT_KEY);

  return (
    <>
      <p className="breadcrumb">
        <Link to={`/orgs/${org}/surveys`}>Surveys</Link>
      </p>
      <PageHeading>New survey wave</PageHeading>
      <form className="panel" aria-label="New survey wave" noValidate onSubmit={onSubmit}>
        <ErrorSummary
          error={shownError}
          title={errorWhat === 'instrument' ? 'The instrument was not saved' : undefined}
          labels={{
            title: 'Title',
            audience: 'Audience',
            wave: 'Wave',
            editWindowHours: 'Edit window',
            reminderHours: 'Reminders',
            closesAt: 'Closes',
            key: 'Instrument key',
            name: 'Instrument name',
            questions: 'Question',
          }}
        />
        <TextField label="Title" name="title" required errors={errors} />
        <fieldset className="field">
          <legend>Instrument</legend>
          {instruments.error ? <LoadError error={instruments.error} retry={instruments.reload} /> : null}
          <SelectField
            label="Ask with"
            name="instrument"
            value={choice}
            onChange={(e) => setChoice(e.currentTarget.value)}
            options={[
              { value: BUILTIN_INSTRUMENT_KEY, label: 'Amends trust instrument (built in)' },
              ...own.map((i) => ({ value: i.id, label: `${i.name} (version ${i.currentVersion})` })),
              { value: CUSTOM, label: 'A new custom instrument…' },
            ]}
          />
          {choice === CUSTOM ? (
            <CustomInstrument
              drafts={drafts}
              setDrafts={setDrafts}
              error={errorWhat === 'instrument' ? shownError : undefined}
            />
          ) : (
            <InstrumentItems org={org} refKey={choice} />
          )}
        </fieldset>
        <div className="field-row">
          <SelectField
            label="Audience"
            name="audience"
            required
            options={optionsOf(STANDARD_AUDIENCES, label)}
            defaultValue="customers"
            errors={errors}
          />
          <SelectField
            label="Wave"
            name="wave"
            required
            options={optionsOf(WAVE_KINDS, label)}
            defaultValue="post_incident"
            errors={errors}
          />
          <SelectField
            label="Incident"
            name="incident"
            placeholder="None"
            options={(incidentList.data ?? []).map((i) => ({ value: i.slug, label: truncate(i.title, 50) }))}
            key={`incident-${incidentList.data?.length ?? 0}`}
            errors={errors}
          />
        </div>
        <Checkbox
          label="Anonymous (answers cannot be joined to a person; groups under 5 are hidden)"
          name="anonymous"
          errors={errors}
        />
        <div className="field-row">
          <TextField
            label="Edit window (hours)"
            name="editWindowHours"
            inputMode="decimal"
            defaultValue="24"
            hint="How long answers may be changed after the first submission."
            errors={errors}
          />
          <TextField
            label="Reminders (hours after the invitation)"
            name="reminderHours"
            defaultValue="72, 168"
            hint="Up to 5, separated by commas; empty for none."
            errors={errors}
          />
          <TextField label="Closes" name="closesAt" type="datetime-local" errors={errors} />
        </div>
        <div className="form-actions">
          <SubmitButton pending={create.pending}>Create the wave (draft)</SubmitButton>
        </div>
      </form>
    </>
  );
}

/** The chosen instrument's current questions; the built-in one before the organization has its copy. */
function InstrumentItems({ org, refKey }: { org: string; refKey: string }) {
  const detail = useLoad(async () => {
    try {
      return await surveys.instrument(org, refKey);
    } catch (e) {
      if (refKey === BUILTIN_INSTRUMENT_KEY && (e as ApiError).status === 404) return null;
      throw e;
    }
  }, [org, refKey]);
  const add = useMutation(() => surveys.createInstrument(org, { template: BUILTIN_INSTRUMENT_KEY }));
  if (detail.error) return <LoadError error={detail.error} retry={detail.reload} />;
  if (detail.data === undefined) return <Loading what="Loading the instrument" />;
  if (detail.data === null) {
    return (
      <div className="notice">
        <p>
          The Amends trust instrument: ability, benevolence, integrity, distrust and behavioural integrity
          (7-point agreement), with NPS, CSAT, CES and one open question. It is added to this organization
          when a wave first uses it.
        </p>
        <ErrorSummary error={add.error} />
        <button
          type="button"
          onClick={async () => {
            const r = await add.run();
            if (r.ok) detail.setData(r.value);
          }}
        >
          Add it now and list its items
        </button>
      </div>
    );
  }
  const d = detail.data;
  return (
    <details className="instrument-items" open={d.key === BUILTIN_INSTRUMENT_KEY}>
      <summary>
        {d.name}: {d.questions.length} items, version {d.currentVersion}
      </summary>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">{d.name}: items</caption>
          <thead>
            <tr>
              <th scope="col">Id</th>
              <th scope="col">Type</th>
              <th scope="col">Scale</th>
              <th scope="col">Item</th>
            </tr>
          </thead>
          <tbody>
            {d.questions.map((q) => (
              <tr key={q.id}>
                <td>{q.id}</td>
                <td>{TYPE_LABELS[q.type]}</td>
                <td>
                  {q.dimension ? label(q.dimension) : '—'}
                  {q.reverse ? ' (reverse-keyed)' : ''}
                </td>
                <td>{q.text}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

/** The questions of a custom instrument, one fieldset each. */
function CustomInstrument({
  drafts,
  setDrafts,
  error,
}: {
  drafts: Draft[];
  setDrafts: (f: (d: Draft[]) => Draft[]) => void;
  error: ApiError | undefined;
}) {
  const fieldErrors = error?.fieldErrors() ?? {};
  const change = (key: number, patch: Partial<Draft>) =>
    setDrafts((ds) => ds.map((d) => (d.key === key ? { ...d, ...patch } : d)));
  return (
    <div className="custom-instrument">
      <div className="field-row">
        <TextField
          label="Instrument key"
          name="instrumentKey"
          required
          hint="Short and unique, e.g. pulse"
          errors={{ ...(fieldErrors.key ? { instrumentKey: fieldErrors.key } : {}) }}
        />
        <TextField
          label="Instrument name"
          name="instrumentName"
          required
          errors={{ ...(fieldErrors.name ? { instrumentName: fieldErrors.name } : {}) }}
        />
      </div>
      <ol className="question-list">
        {drafts.map((d, i) => {
          const err = (f: string) =>
            fieldErrors[`questions.${i}.${f}`] ?? (f === 'text' ? fieldErrors[`questions.${i}`] : undefined);
          const errs = { text: err('text'), options: err('options'), dimension: err('dimension') };
          const clean = Object.fromEntries(Object.entries(errs).filter(([, v]) => v)) as Record<
            string,
            string
          >;
          return (
            <li key={d.key}>
              <fieldset className="question-draft">
                <legend>Question {i + 1}</legend>
                <div className="field-row">
                  <SelectField
                    label="Type"
                    name={`type-${d.key}`}
                    value={d.type}
                    onChange={(e) => change(d.key, { type: e.currentTarget.value as QuestionType })}
                    options={QUESTION_TYPES.map((t) => ({ value: t, label: TYPE_LABELS[t] }))}
                  />
                  {d.type === 'agreement' ? (
                    <SelectField
                      label="Trust dimension"
                      name={`dimension-${d.key}`}
                      placeholder="None"
                      value={d.dimension}
                      onChange={(e) => change(d.key, { dimension: e.currentTarget.value })}
                      options={optionsOf(TRUST_SCALES, label)}
                      errors={clean.dimension ? { [`dimension-${d.key}`]: clean.dimension } : undefined}
                    />
                  ) : null}
                </div>
                <TextField
                  label="Question"
                  name={`text-${d.key}`}
                  value={d.text}
                  onChange={(e) => change(d.key, { text: e.currentTarget.value })}
                  errors={clean.text ? { [`text-${d.key}`]: clean.text } : undefined}
                />
                {d.type === 'single_choice' || d.type === 'multiple_choice' ? (
                  <div className={`field${clean.options ? ' has-error' : ''}`}>
                    <label htmlFor={`options-${d.key}`}>Options, one per line</label>
                    {clean.options ? <p className="field-error">{clean.options}</p> : null}
                    <textarea
                      id={`options-${d.key}`}
                      rows={3}
                      value={d.options}
                      onChange={(e) => change(d.key, { options: e.currentTarget.value })}
                    />
                  </div>
                ) : null}
                <div className="field-row">
                  <Checkbox
                    label="Required"
                    name={`required-${d.key}`}
                    checked={d.required}
                    onChange={(e) => change(d.key, { required: e.currentTarget.checked })}
                  />
                  {d.type === 'agreement' ? (
                    <Checkbox
                      label="Reverse-keyed (worded against the construct)"
                      name={`reverse-${d.key}`}
                      checked={d.reverse}
                      onChange={(e) => change(d.key, { reverse: e.currentTarget.checked })}
                    />
                  ) : null}
                </div>
                <button
                  type="button"
                  className="link-button"
                  onClick={() => setDrafts((ds) => ds.filter((x) => x.key !== d.key))}
                  disabled={drafts.length === 1}
                >
                  Remove question {i + 1}
                </button>
              </fieldset>
            </li>
          );
        })}
      </ol>
      <button type="button" onClick={() => setDrafts((ds) => [...ds, newDraft('agreement')])}>
        Add a question
      </button>
    </div>
  );
}

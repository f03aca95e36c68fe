import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import type { CommitmentView } from '../../../src/shared/contract/commitment.ts';
import type { StatementCreate } from '../../../src/shared/contract/statement.ts';
import type { Channel, StatementKind } from '../../../src/shared/enums.ts';
import { CHANNELS, label, STATEMENT_KINDS } from '../../../src/shared/enums.ts';
import { renderMarkdown } from '../../../src/shared/markdown.ts';
import { useAnnounce } from '../components/announcer.tsx';
import { useFocusWhenLost } from '../components/focus.ts';
import {
  CheckboxGroup,
  errorFor,
  ErrorSummary,
  optionsOf,
  SelectField,
  SubmitButton,
  TextField,
} from '../components/forms.tsx';
import { LoadError, Loading } from '../components/status.tsx';
import type { Finding, StatementLink, StatementPatch, StatementView } from '../contract.ts';
import { actions, commitments, statements } from '../endpoints.ts';
import { fromLocalInput, toLocalInput } from '../format.ts';
import { useLoad, useMutation, useTitle } from '../hooks.ts';
import { useWorkspace } from '../incident/workspace.tsx';
import { useCan } from '../session.tsx';
import { CheckerPanel } from './checker-panel.tsx';
import { StatementHistory } from './history.tsx';
import { LinksPanel } from './links-panel.tsx';
import { useLiveCheck } from './live-check.ts';
import { StatementStateBadge } from './statements-tab.tsx';
import { WorkflowPanel } from './workflow-panel.tsx';

/** The audiences a statement can address without typing: the public first. */
export const AUDIENCE_CHOICES = ['public', 'customers', 'employees', 'partners', 'regulators', 'investors'];

const LABELS = {
  title: 'Title',
  kind: 'Kind',
  audiences: 'Audiences',
  channels: 'Channels',
  byline: 'Byline',
  nextUpdateBy: 'Next update by',
  body: 'Text',
  links: 'Linked passages',
};

interface Draft {
  title: string;
  kind: StatementKind;
  audiences: string[];
  /** Custom audience names, separated by commas. */
  custom: string;
  channels: string[];
  byline: string;
  nextUpdateBy: string;
  body: string;
}

function draftOf(s: StatementView | undefined): Draft {
  const audiences = s?.current.audiences ?? ['public'];
  return {
    title: s?.current.title ?? '',
    kind: s?.kind ?? 'update',
    audiences: audiences.filter((a) => AUDIENCE_CHOICES.includes(a)),
    custom: audiences.filter((a) => !AUDIENCE_CHOICES.includes(a)).join(', '),
    channels: s?.channels ?? ['web'],
    byline: s?.current.byline ?? '',
    nextUpdateBy: toLocalInput(s?.nextUpdateBy),
    body: s?.current.body ?? '',
  };
}

function audiencesOf(d: Draft): string[] {
  const custom = d.custom
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  return [...new Set([...d.audiences, ...custom])];
}

/** Only what changed, so that a save which changes nothing of the text makes no new version. */
function patchOf(before: Draft, d: Draft): StatementPatch {
  const patch: StatementPatch = {};
  if (d.title !== before.title) patch.title = d.title;
  if (d.kind !== before.kind) patch.kind = d.kind;
  if (d.body !== before.body) patch.body = d.body;
  if (audiencesOf(d).join() !== audiencesOf(before).join()) patch.audiences = audiencesOf(d);
  if (d.channels.join() !== before.channels.join()) patch.channels = d.channels as Channel[];
  if (d.byline !== before.byline) patch.byline = d.byline.trim() || null;
  if (d.nextUpdateBy !== before.nextUpdateBy) patch.nextUpdateBy = fromLocalInput(d.nextUpdateBy);
  return patch;
}

/** A statement's page: `statements/new` drafts one, `statements/:statement` edits and moves it on. */
export function StatementPage() {
  const { org } = useWorkspace();
  const id = useParams().statement;
  const loaded = useLoad(async () => (id ? statements.get(org, id) : undefined), [org, id]);
  if (id && loaded.error) return <LoadError error={loaded.error} retry={loaded.reload} />;
  if (id && !loaded.data) return <Loading what="Loading the statement" />;
  // A new statement, once saved, is another page: the editor starts again from what was saved.
  return (
    <StatementEditor
      key={id ?? 'new'}
      statement={loaded.data}
      replace={loaded.setData}
      reload={loaded.reload}
    />
  );
}

function StatementEditor({
  statement,
  replace,
  reload,
}: {
  statement: StatementView | undefined;
  replace: (s: StatementView) => void;
  reload: () => Promise<void>;
}) {
  const { org, incident, reload: reloadIncident } = useWorkspace();
  const navigate = useNavigate();
  const location = useLocation();
  const announce = useAnnounce();
  const canWrite = useCan('statement:write');
  const canRegister = useCan('commitment:write');
  const base = `/orgs/${org}/incidents/${incident.slug}/statements`;
  useTitle(statement ? `Statement: ${statement.current.title}` : 'New statement');

  const [saved, setSaved] = useState(() => draftOf(statement));
  const [draft, setDraft] = useState(saved);
  const [newLinks, setNewLinks] = useState<StatementLink[]>([]);
  const links = statement ? statement.links : newLinks;
  const editable = canWrite && statement?.state !== 'retracted';
  const dirty = JSON.stringify(draft) !== JSON.stringify(saved);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  const acts = useLoad(() => actions.list(org, incident.id), [org, incident.id]);
  const proms = useLoad(() => commitments.list(org, incident.id), [org, incident.id]);

  const audiences = audiencesOf(draft);
  const check = useLiveCheck(org, incident.id, {
    text: draft.body,
    audience: audiences[0],
    links: links.length > 0 ? links : undefined,
    statementId: statement?.id,
  });

  // The heading takes focus when the page opens, and again after a first save moved here.
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus({ preventScroll: true });
  }, [location.key]);

  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const select = (f: Finding) => {
    const area = bodyRef.current;
    if (!area) return;
    // The findings may be for an earlier text: look for the passage near where it was.
    let start = f.start;
    if (area.value.slice(f.start, f.end) !== f.text) {
      const found = area.value.indexOf(f.text, Math.max(0, f.start - 200));
      start = found >= 0 ? found : area.value.indexOf(f.text);
      if (start < 0) return;
    }
    area.focus();
    area.setSelectionRange(start, start + f.text.length);
  };

  const save = useMutation(async (d: Draft): Promise<StatementView> => {
    if (!statement) {
      const body: StatementCreate = {
        kind: d.kind,
        title: d.title,
        body: d.body,
        audiences: audiencesOf(d),
        channels: d.channels as Channel[],
        byline: d.byline.trim() || null,
        nextUpdateBy: fromLocalInput(d.nextUpdateBy),
        links: newLinks,
      };
      return statements.create(org, incident.id, body);
    }
    return (await statements.update(org, statement, patchOf(saved, d))).data;
  });

  const onSave = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (save.pending || !dirty) return;
    const result = await save.run(draft);
    if (!result.ok) return;
    const s = result.value;
    if (!statement) {
      announce(`Draft saved as version ${s.currentVersion}.`);
      navigate(`${base}/${s.id}`, { replace: true });
      return;
    }
    const next = draftOf(s);
    setSaved(next);
    setDraft(next);
    replace(s);
    announce(
      s.currentVersion !== statement.currentVersion
        ? `Saved as version ${s.currentVersion}, a draft.`
        : 'Saved.',
    );
  };

  const link = useMutation(async (next: StatementLink[]) => {
    if (!statement) {
      setNewLinks(next);
      return;
    }
    replace((await statements.update(org, statement, { links: next })).data);
  });
  const setLinks = async (next: StatementLink[]) => (await link.run(next)).ok;

  const truth = {
    actions: acts.data?.items ?? [],
    audiences: audiences.length > 0 ? audiences : ['public'],
    statementTitle: draft.title || 'untitled',
    canRegister,
    canLink: editable,
    link: (quote: string, target: { actionId: string } | { commitmentId: string }) =>
      setLinks([...links, { quote, ...target }]),
    onCommitment: (c: CommitmentView) => {
      proms.setData({ items: [...(proms.data?.items ?? []), c] });
      void reloadIncident();
    },
  };

  const preview = useMemo(() => renderMarkdown(draft.body), [draft.body]);
  const errors = save.error?.fieldErrors();
  const bodyId = useId();
  const bodyError = errorFor(errors, 'body');
  useFocusWhenLost(statement?.state, heading);

  return (
    <div className="statement-page">
      <p>
        <Link to={base}>← All statements</Link>
      </p>
      <div className="panel-heading">
        <h2 ref={heading} tabIndex={-1}>
          {statement ? statement.current.title : 'New statement'}
        </h2>
        {statement ? (
          <p className="card-meta">
            <StatementStateBadge statement={statement} /> <span>Version {statement.currentVersion}</span>
          </p>
        ) : null}
      </div>
      <div className="statement-layout">
        <div className="statement-main">
          <form onSubmit={onSave} noValidate aria-label="Statement" className="panel">
            <ErrorSummary error={save.error} labels={LABELS} />
            {save.error?.status === 412 ? (
              <p>
                Someone changed this statement meanwhile.{' '}
                <button
                  type="button"
                  onClick={async () => {
                    save.reset();
                    await reload();
                  }}
                >
                  Load the latest version
                </button>
              </p>
            ) : null}
            <fieldset disabled={!editable} className="plain">
              <TextField
                label={LABELS.title}
                name="title"
                required
                value={draft.title}
                onChange={(e) => set('title', e.currentTarget.value)}
                errors={errors}
              />
              <div className="field-row">
                <SelectField
                  label={LABELS.kind}
                  name="kind"
                  required
                  options={optionsOf(STATEMENT_KINDS, label)}
                  value={draft.kind}
                  onChange={(e) => set('kind', e.currentTarget.value as StatementKind)}
                  errors={errors}
                />
                <TextField
                  label={LABELS.byline}
                  name="byline"
                  hint="Who signs it, for example a leader."
                  value={draft.byline}
                  onChange={(e) => set('byline', e.currentTarget.value)}
                  errors={errors}
                />
                <TextField
                  label={LABELS.nextUpdateBy}
                  name="nextUpdateBy"
                  type="datetime-local"
                  hint="Publishing registers this promise as a commitment."
                  value={draft.nextUpdateBy}
                  onChange={(e) => set('nextUpdateBy', e.currentTarget.value)}
                  errors={errors}
                />
              </div>
              <div className="field-row">
                <CheckboxGroup
                  label={LABELS.audiences}
                  name="audiences"
                  required
                  hint="The first one sets the readability target."
                  options={AUDIENCE_CHOICES.map((a) => ({ value: a, label: label(a) }))}
                  values={draft.audiences}
                  onChange={(v) => set('audiences', v)}
                  errors={errors}
                />
                <CheckboxGroup
                  label={LABELS.channels}
                  name="channels"
                  options={optionsOf(CHANNELS, label)}
                  values={draft.channels}
                  onChange={(v) => set('channels', v)}
                  errors={errors}
                />
              </div>
              <TextField
                label="Other audiences"
                name="customAudiences"
                hint="Custom groups, separated by commas, such as eu-smb-customers."
                value={draft.custom}
                onChange={(e) => set('custom', e.currentTarget.value)}
              />
              <div className={`field${bodyError ? ' has-error' : ''}`}>
                <label htmlFor={bodyId}>
                  {LABELS.body}
                  <span className="required"> (required)</span>
                </label>
                <p className="hint" id={`${bodyId}-hint`}>
                  Markdown. The checker reads it as you type; raw HTML is shown as text.
                </p>
                {bodyError ? (
                  <p className="field-error" id={`${bodyId}-error`}>
                    <span className="visually-hidden">Error: </span>
                    {bodyError}
                  </p>
                ) : null}
                <textarea
                  ref={bodyRef}
                  id={bodyId}
                  name="body"
                  rows={14}
                  className="statement-body"
                  value={draft.body}
                  onChange={(e) => set('body', e.currentTarget.value)}
                  aria-invalid={bodyError ? true : undefined}
                  aria-describedby={[bodyError ? `${bodyId}-error` : '', `${bodyId}-hint`]
                    .filter(Boolean)
                    .join(' ')}
                />
              </div>
            </fieldset>
            {editable ? (
              <div className="form-actions">
                <SubmitButton pending={save.pending}>
                  {statement ? 'Save as a new version' : 'Save draft'}
                </SubmitButton>
                <span className="muted small" aria-live="polite">
                  {dirty ? 'Unsaved changes.' : statement ? 'Everything is saved.' : ''}
                </span>
              </div>
            ) : null}
          </form>
          <section className="panel" aria-labelledby="preview-heading">
            <h2 id="preview-heading">Preview</h2>
            {draft.title ? <p className="preview-title">{draft.title}</p> : null}
            {/* renderMarkdown escapes HTML and allows only http(s) and mailto links. */}
            <div className="preview" dangerouslySetInnerHTML={{ __html: preview }} />
          </section>
          <LinksPanel
            links={links}
            body={draft.body}
            bodyRef={bodyRef}
            actions={acts.data?.items ?? []}
            commitments={proms.data?.items ?? []}
            editable={editable}
            setLinks={setLinks}
            error={link.error}
          />
          {statement ? <StatementHistory statement={statement} /> : null}
        </div>
        <div className="statement-side">
          {statement ? (
            <WorkflowPanel
              statement={statement}
              dirty={dirty}
              replace={(s) => {
                replace(s);
                void reloadIncident();
              }}
            />
          ) : null}
          <CheckerPanel check={check} body={draft.body} select={select} truth={truth} />
        </div>
      </div>
    </div>
  );
}

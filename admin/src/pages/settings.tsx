import { useState } from 'react';
import type { FormEvent } from 'react';
import { useParams } from 'react-router-dom';
import type { Role } from '../../../src/shared/enums.ts';
import { APPROVER_ROLES, label } from '../../../src/shared/enums.ts';
import { useAnnounce } from '../components/announcer.tsx';
import { Badge } from '../components/badges.tsx';
import {
  CheckboxGroup,
  ErrorSummary,
  readForm,
  SelectField,
  SubmitButton,
  TextField,
} from '../components/forms.tsx';
import { PageHeading } from '../components/layout.tsx';
import { LoadError, Loading, NotInRole } from '../components/status.tsx';
import type { Settings, SubscriptionView, WebhookCreate } from '../contract.ts';
import { settings, subscriptions } from '../endpoints.ts';
import { formatDateTime } from '../format.ts';
import { useLoad, useMutation, useTitle } from '../hooks.ts';
import { useCan } from '../session.tsx';

/** Organization settings: who reviews statements and how many approvals publish; webhooks. */
export function SettingsPage() {
  const org = useParams().org!;
  const canSettings = useCan('org:settings');
  const canSubscriptions = useCan('subscription:manage');
  useTitle('Settings');
  return (
    <>
      <PageHeading>Settings</PageHeading>
      {!canSettings && !canSubscriptions ? <NotInRole what="the organization’s settings" /> : null}
      {canSettings ? <ApprovalPolicy org={org} /> : null}
      {canSubscriptions ? <Webhooks org={org} /> : null}
    </>
  );
}

function ApprovalPolicy({ org }: { org: string }) {
  const loaded = useLoad(() => settings.get(org), [org]);
  const announce = useAnnounce();
  const save = useMutation((body: Settings) => settings.put(org, body));
  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (save.pending) return;
    const f = readForm(e.currentTarget);
    const r = await save.run({
      statements: {
        requiredApprovals: Number(f.text('requiredApprovals')),
        approverRoles: f.all('approverRoles') as Settings['statements']['approverRoles'],
      },
    });
    if (r.ok) {
      loaded.setData(r.value);
      announce('Approval policy saved.');
    }
  };
  const errors = Object.fromEntries(
    Object.entries(save.error?.fieldErrors() ?? {}).map(([k, v]) => [k.replace(/^statements\./, ''), v]),
  );
  return (
    <section className="panel" aria-labelledby="policy-heading">
      <h2 id="policy-heading">Statement approval</h2>
      <p className="muted">
        Nobody approves their own text. These roles review statements, and this many approvals of a version
        let it be published.
      </p>
      {loaded.error ? <LoadError error={loaded.error} retry={loaded.reload} /> : null}
      {!loaded.data && !loaded.error ? <Loading what="Loading the settings" /> : null}
      {loaded.data ? (
        <form onSubmit={onSubmit} noValidate key={JSON.stringify(loaded.data)} aria-label="Approval policy">
          <ErrorSummary
            error={save.error}
            labels={{
              'statements.requiredApprovals': 'Approvals needed',
              'statements.approverRoles': 'Reviewers',
            }}
          />
          <SelectField
            className="short"
            label="Approvals needed"
            name="requiredApprovals"
            options={[1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: String(n) }))}
            defaultValue={String(loaded.data.statements.requiredApprovals)}
            errors={errors}
          />
          <PolicyRoles initial={loaded.data.statements.approverRoles} errors={errors} />
          <SubmitButton pending={save.pending}>Save approval policy</SubmitButton>
        </form>
      ) : null}
    </section>
  );
}

function PolicyRoles({ initial, errors }: { initial: Role[]; errors: Record<string, string> }) {
  const [values, setValues] = useState<string[]>(initial);
  return (
    <CheckboxGroup
      label="Reviewers"
      name="approverRoles"
      options={APPROVER_ROLES.map((r) => ({ value: r, label: label(r) }))}
      values={values}
      onChange={setValues}
      errors={errors}
    />
  );
}

function Webhooks({ org }: { org: string }) {
  const list = useLoad(() => subscriptions.list(org), [org]);
  const announce = useAnnounce();
  const [secret, setSecret] = useState<{ url: string; secret: string }>();
  const create = useMutation((body: WebhookCreate) => subscriptions.createWebhook(org, body));
  const remove = useMutation((id: string) => subscriptions.remove(org, id));

  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (create.pending) return;
    const form = e.currentTarget;
    const f = readForm(form);
    const r = await create.run({ url: f.text('url'), incident: f.optional('incident') });
    if (r.ok) {
      form.reset();
      setSecret({ url: r.value.address, secret: r.value.secret });
      announce('Webhook added. Copy its signing secret now: it is shown once.');
      void list.reload();
    }
  };
  const onRemove = async (s: SubscriptionView) => {
    if (remove.pending) return;
    const r = await remove.run(s.id);
    if (r.ok) {
      announce(`Webhook to ${s.address} removed.`);
      void list.reload();
    }
  };

  const active = (list.data?.items ?? []).filter((s) => s.status !== 'unsubscribed');
  const hooks = active.filter((s) => s.channel === 'webhook');
  const emails = active.filter((s) => s.channel === 'email');
  return (
    <section className="panel" aria-labelledby="webhooks-heading">
      <h2 id="webhooks-heading">Webhooks</h2>
      <p className="muted">
        Every publication and retraction is POSTed to these addresses, signed as Standard Webhooks.
        {list.data
          ? ` ${emails.length} e-mail subscriber${emails.length === 1 ? '' : 's'} also receive them.`
          : ''}
      </p>
      {list.error ? <LoadError error={list.error} retry={list.reload} /> : null}
      {!list.data && !list.error ? <Loading what="Loading webhooks" /> : null}
      {list.data && hooks.length === 0 ? <p className="empty">No webhook yet.</p> : null}
      <ErrorSummary error={remove.error} />
      {hooks.length > 0 ? (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Webhooks</caption>
            <thead>
              <tr>
                <th scope="col">Address</th>
                <th scope="col">Scope</th>
                <th scope="col">Added</th>
                <th scope="col">
                  <span className="visually-hidden">Changes</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {hooks.map((s) => (
                <tr key={s.id}>
                  <th scope="row">
                    <code>{s.address}</code>{' '}
                    <Badge tone={s.status === 'active' ? 'good' : 'neutral'}>{label(s.status)}</Badge>
                  </th>
                  <td>
                    {s.incidentId ? 'One incident' : 'Every incident'}, {label(s.audience).toLowerCase()}
                  </td>
                  <td>{formatDateTime(s.createdAt)}</td>
                  <td>
                    <button type="button" onClick={() => onRemove(s)}>
                      Remove<span className="visually-hidden"> the webhook to {s.address}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {secret ? (
        <div className="secret-once" role="group" aria-labelledby="secret-heading">
          <p id="secret-heading">
            <strong>Signing secret for {secret.url}</strong> — shown once; store it with the receiver.
          </p>
          <input
            aria-label="Signing secret"
            readOnly
            value={secret.secret}
            onFocus={(e) => e.currentTarget.select()}
          />
        </div>
      ) : null}
      <h3>Add a webhook</h3>
      <form onSubmit={onSubmit} noValidate aria-label="Add a webhook">
        <ErrorSummary error={create.error} labels={{ url: 'Address', incident: 'Incident' }} />
        <TextField
          label="Address"
          name="url"
          type="url"
          required
          hint="An https address that accepts POST requests."
          errors={create.error?.fieldErrors()}
        />
        <TextField
          label="Incident"
          name="incident"
          hint="Only this incident (its slug); leave empty for every incident."
          errors={create.error?.fieldErrors()}
        />
        <SubmitButton pending={create.pending}>Add webhook</SubmitButton>
      </form>
    </section>
  );
}

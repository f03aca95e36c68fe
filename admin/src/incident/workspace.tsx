import { NavLink, Outlet, useOutletContext, useParams } from 'react-router-dom';
import type { IncidentView } from '../../../src/shared/contract/incident.ts';
import { label } from '../../../src/shared/enums.ts';
import type { WithEtag } from '../api.ts';
import { SeverityBadge, StageBadge } from '../components/badges.tsx';
import { PageHeading } from '../components/layout.tsx';
import { LoadError, Loading } from '../components/status.tsx';
import { incidents } from '../endpoints.ts';
import { useLoad, useTitle } from '../hooks.ts';
import { useCan } from '../session.tsx';

/** What every tab of the workspace gets: the incident, its ETag for updates, and a way to refresh it. */
export interface WorkspaceContext {
  org: string;
  incident: IncidentView;
  etag: string;
  /** Reads the incident again (readiness, say–do and counts change when its records do). */
  reload: () => Promise<void>;
  /** Adopts the incident a write returned. */
  replace: (next: WithEtag<IncidentView>) => void;
}

export function useWorkspace(): WorkspaceContext {
  return useOutletContext<WorkspaceContext>();
}

const TABS = [
  { to: '', label: 'Overview' },
  { to: 'root-causes', label: 'Root causes' },
  { to: 'actions', label: 'Actions' },
  { to: 'commitments', label: 'Commitments' },
  { to: 'statements', label: 'Statements' },
  { to: 'leadership', label: 'Leadership' },
  { to: 'feedback', label: 'Feedback' },
  { to: 'measures', label: 'Measures' },
  { to: 'cases', label: 'Cases' },
  { to: 'audit', label: 'Audit trail' },
];

/** The incident's public disclosure page, served by the server outside the console. */
export function publicPagePath(org: string, slug: string): string {
  return `/${encodeURIComponent(org)}/incidents/${encodeURIComponent(slug)}`;
}

export function Workspace() {
  const { org, incident: ref } = useParams() as { org: string; incident: string };
  const loaded = useLoad(() => incidents.get(org, ref), [org, ref]);
  const tabs = useCan('audit:read') ? TABS : TABS.filter((t) => t.to !== 'audit');
  useTitle(loaded.data?.data.title ?? 'Incident');

  if (loaded.error) return <LoadError error={loaded.error} retry={loaded.reload} />;
  if (!loaded.data) return <Loading what="Loading the incident" />;
  const { data: incident, etag } = loaded.data;
  const context: WorkspaceContext = { org, incident, etag, reload: loaded.reload, replace: loaded.setData };
  const base = `/orgs/${org}/incidents/${ref}`;

  return (
    <>
      <PageHeading>{incident.title}</PageHeading>
      <p className="incident-meta">
        <StageBadge stage={incident.stage} /> <SeverityBadge severity={incident.severity} />{' '}
        <span className="muted">
          {label(incident.kind)} · {incident.slug}
        </span>{' '}
        · <a href={publicPagePath(org, incident.slug)}>Public page</a>{' '}
        <span className="muted small">(once an update is published to the public)</span>
      </p>
      <nav className="tabs" aria-label="Incident sections">
        <ul>
          {tabs.map((t) => (
            <li key={t.label}>
              {/* Statements stays current on a statement's own page, below it; Feedback on its Themes view. */}
              <NavLink
                to={t.to ? `${base}/${t.to}` : base}
                end={t.to !== 'statements' && t.to !== 'feedback'}
              >
                {t.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div className="tab-panel">
        <Outlet context={context} />
      </div>
    </>
  );
}

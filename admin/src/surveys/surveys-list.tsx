import { Link, useParams } from 'react-router-dom';
import { label } from '../../../src/shared/enums.ts';
import { Badge } from '../components/badges.tsx';
import { PageHeading } from '../components/layout.tsx';
import { LoadError, Loading } from '../components/status.tsx';
import type { SurveyView } from '../contract.ts';
import { surveys } from '../endpoints.ts';
import { formatDateTime } from '../format.ts';
import { useLoad, useTitle } from '../hooks.ts';
import { useCan } from '../session.tsx';

export function SurveyStatusBadge({ status }: { status: SurveyView['status'] }) {
  return (
    <Badge tone={status === 'open' ? 'good' : status === 'draft' ? 'warn' : 'neutral'}>{label(status)}</Badge>
  );
}

/** The organization's survey waves, newest first, with their answers so far. */
export function SurveysPage() {
  const org = useParams().org!;
  const canWrite = useCan('survey:write');
  useTitle('Surveys');
  // The list gives the waves; each wave's counts come from its own record.
  const list = useLoad(async () => {
    const page = await surveys.list(org, {});
    return Promise.all(page.items.map((s) => surveys.get(org, s.id)));
  }, [org]);

  return (
    <>
      <PageHeading
        actions={
          canWrite ? (
            <Link className="button-link primary" to={`/orgs/${org}/surveys/new`}>
              New survey wave
            </Link>
          ) : null
        }
      >
        Surveys
      </PageHeading>
      {list.error ? <LoadError error={list.error} retry={list.reload} /> : null}
      {!list.data && !list.error ? <Loading what="Loading survey waves" /> : null}
      {list.data && list.data.length === 0 ? <p className="empty">No survey waves yet.</p> : null}
      {list.data && list.data.length > 0 ? (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Survey waves, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Wave</th>
                <th scope="col">Status</th>
                <th scope="col">Audience</th>
                <th scope="col">Kind</th>
                <th scope="col">Responses / recipients</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((s) => (
                <tr key={s.id}>
                  <td>
                    <Link to={`/orgs/${org}/surveys/${s.id}`}>{s.title}</Link>
                    {s.anonymous ? <div className="muted small">Anonymous</div> : null}
                  </td>
                  <td>
                    <SurveyStatusBadge status={s.status} />
                  </td>
                  <td>{label(s.audience)}</td>
                  <td>{label(s.wave)}</td>
                  <td className="num">
                    {s.responded} / {s.recipients}
                  </td>
                  <td>
                    <time dateTime={s.createdAt}>{formatDateTime(s.createdAt)}</time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}

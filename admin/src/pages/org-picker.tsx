import { Link, Navigate } from 'react-router-dom';
import { label } from '../../../src/shared/enums.ts';
import { PageHeading } from '../components/layout.tsx';
import { useTitle } from '../hooks.ts';
import { useSession } from '../session.tsx';

/** Where a person with several organizations chooses one; with a single one it goes straight there. */
export function OrgPicker() {
  const { session } = useSession();
  useTitle('Organizations');
  const memberships = session?.memberships ?? [];
  if (memberships.length === 1) return <Navigate to={`/orgs/${memberships[0]!.org}/incidents`} replace />;
  return (
    <div className="narrow">
      <PageHeading>Choose an organization</PageHeading>
      {memberships.length === 0 ? (
        <p>You are not a member of any organization yet. Ask an owner to add you.</p>
      ) : (
        <ul className="org-list">
          {memberships.map((m) => (
            <li key={m.org}>
              <Link to={`/orgs/${m.org}/incidents`}>{m.orgName}</Link>{' '}
              <span className="muted">— your role: {label(m.role)}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import { Link, NavLink, Outlet, useNavigate, useParams } from 'react-router-dom';
import { label } from '../../../src/shared/enums.ts';
import { useCan, useSession } from '../session.tsx';
import { Announcer } from './announcer.tsx';

/** The frame of every signed-in page: skip link, header with organization and user, main. */
export function Shell() {
  const { session, signOut, membership } = useSession();
  const { org } = useParams();
  const navigate = useNavigate();
  const current = org ? membership(org) : undefined;
  const several = (session?.memberships.length ?? 0) > 1;
  const canSettings = useCan('org:settings');
  const canSubscriptions = useCan('subscription:manage');

  return (
    <Announcer>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <div className="header-inner">
          <Link to={current ? `/orgs/${current.org}/incidents` : '/'} className="brand">
            Amends
          </Link>
          {current ? (
            <nav aria-label="Organization">
              <NavLink to={`/orgs/${current.org}/incidents`} end>
                Incidents
              </NavLink>
              <NavLink to={`/orgs/${current.org}/feedback`}>Feedback</NavLink>
              <NavLink to={`/orgs/${current.org}/measures`}>Measures</NavLink>
              <NavLink to={`/orgs/${current.org}/mentions`}>Mentions</NavLink>
              <NavLink to={`/orgs/${current.org}/cases`}>Cases</NavLink>
              <NavLink to={`/orgs/${current.org}/surveys`}>Surveys</NavLink>
              {canSettings || canSubscriptions ? (
                <NavLink to={`/orgs/${current.org}/settings`}>Settings</NavLink>
              ) : null}
            </nav>
          ) : null}
          <div className="header-user">
            {current ? (
              <span className="org-name">
                {current.orgName} <span className="muted">({label(current.role)})</span>
                {several ? (
                  <>
                    {' '}
                    · <Link to="/">Switch organization</Link>
                  </>
                ) : null}
              </span>
            ) : null}
            <span>{session?.user.name}</span>
            <button
              type="button"
              className="link-button"
              onClick={async () => {
                await signOut();
                navigate('/sign-in');
              }}
            >
              Sign out
            </button>
          </div>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </Announcer>
  );
}

/** A page's h1, which takes focus when the page opens so screen readers announce the new page. */
export function PageHeading({ children, actions }: { children: ReactNode; actions?: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus({ preventScroll: true });
  }, []);
  return (
    <div className="page-heading">
      <h1 ref={ref} tabIndex={-1}>
        {children}
      </h1>
      {actions ? <div className="page-actions">{actions}</div> : null}
    </div>
  );
}

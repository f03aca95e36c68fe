import { NavLink, useSearchParams } from 'react-router-dom';

/** Inbox and Themes: two views of the same feedback, the incident filter carried between them. */
export function ListeningNav({ base }: { base: string }) {
  const [params] = useSearchParams();
  const incident = params.get('incident');
  const qs = incident ? `?${new URLSearchParams({ incident }).toString()}` : '';
  return (
    <nav className="subnav" aria-label="Feedback views">
      <ul>
        <li>
          <NavLink to={`${base}${qs}`} end>
            Inbox
          </NavLink>
        </li>
        <li>
          <NavLink to={`${base}/themes${qs}`}>Themes</NavLink>
        </li>
      </ul>
    </nav>
  );
}

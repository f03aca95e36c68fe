import { Link } from 'react-router-dom';
import { PageHeading } from '../components/layout.tsx';
import { useTitle } from '../hooks.ts';

export function NotFound() {
  useTitle('Not found');
  return (
    <div className="narrow">
      <PageHeading>Page not found</PageHeading>
      <p>
        There is nothing at this address. <Link to="/">Go to your organizations</Link>.
      </p>
    </div>
  );
}

import type { ApiError } from '../api.ts';

/** Loading and failure notices shared by every page. */

export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <p className="loading" role="status">
      {what}…
    </p>
  );
}

/** Said instead of a view the person's role does not include (the console knows before asking). */
export function NotInRole({ what = 'this view' }: { what?: string }) {
  return (
    <div className="notice">
      <p>Your role in this organization does not include {what}. Ask an owner or admin if you need it.</p>
    </div>
  );
}

/** A load failure, with a polite word when the role does not allow it. */
export function LoadError({ error, retry }: { error: ApiError; retry?: () => void }) {
  if (error.status === 403 && error.code === 'forbidden') {
    return (
      <div role="status">
        <NotInRole />
      </div>
    );
  }
  return (
    <div className="error-summary" role="alert">
      <p className="error-title">{error.problem.title}</p>
      <p>{error.problem.detail}</p>
      {retry ? (
        <button type="button" onClick={retry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

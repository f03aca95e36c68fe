import type { ApiError } from '../api.ts';

/** Loading and failure notices shared by every page. */

export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <p className="loading" role="status">
      {what}…
    </p>
  );
}

/** A load failure, with a polite word when the role does not allow it. */
export function LoadError({ error, retry }: { error: ApiError; retry?: () => void }) {
  if (error.status === 403 && error.code === 'forbidden') {
    return (
      <div className="notice" role="status">
        <p>
          Your role in this organization does not include this view. Ask an owner or admin if you need it.
        </p>
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

import { label } from '../../../src/shared/enums.ts';
import { Badge } from '../components/badges.tsx';
import type { StatementView } from '../contract.ts';
import { formatDateTime } from '../format.ts';

/** Every version with its author, time and whether it went public; every review with its decision. */
export function StatementHistory({ statement: s }: { statement: StatementView }) {
  const versions = [...s.versions].sort((a, b) => b.number - a.number);
  const reviews = [...s.reviews].sort((a, b) => (a.at < b.at ? 1 : -1));
  return (
    <section className="panel" aria-labelledby="history-heading">
      <h2 id="history-heading">Versions</h2>
      {/* Focusable, so keyboard users can scroll it when it is wider than the column. */}
      <div className="table-wrap" tabIndex={0} role="group" aria-label="Versions of the statement">
        <table>
          <caption className="visually-hidden">Versions of the statement, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Title</th>
              <th scope="col">Author</th>
              <th scope="col">Written</th>
              <th scope="col">Published</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.number}>
                <th scope="row">
                  {v.number}
                  {v.number === s.currentVersion ? <span className="muted small"> (current)</span> : null}
                </th>
                <td>
                  {v.title}
                  <div className="muted small">{v.audiences.map(label).join(', ')}</div>
                </td>
                <td>{v.author.label}</td>
                <td>{formatDateTime(v.createdAt)}</td>
                <td>
                  {v.publishedAt ? (
                    <>
                      {v.number === s.publishedVersion && s.state !== 'retracted' ? (
                        <Badge tone="good">Live</Badge>
                      ) : (
                        <Badge>Published</Badge>
                      )}{' '}
                      {formatDateTime(v.publishedAt)}
                    </>
                  ) : v.number === s.currentVersion && s.scheduledAt ? (
                    <>Scheduled for {formatDateTime(s.scheduledAt)}</>
                  ) : (
                    '—'
                  )}
                  {v.overrideReason ? (
                    <div className="muted small">Published despite the checker: {v.overrideReason}</div>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3>Reviews</h3>
      {reviews.length === 0 ? (
        <p className="empty">No review yet.</p>
      ) : (
        <ul className="reviews">
          {reviews.map((r) => (
            <li key={`${r.versionNumber}-${r.reviewer}-${r.at}`}>
              <Badge tone={r.decision === 'approved' ? 'good' : 'bad'}>{label(r.decision)}</Badge>{' '}
              <strong>{r.reviewer}</strong> <span className="muted">({label(r.role)})</span>, version{' '}
              {r.versionNumber}, {formatDateTime(r.at)}
              {r.comment ? <blockquote>{r.comment}</blockquote> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

import type { LoopStatusView } from '../../../src/shared/contract/feedback.ts';

/**
 * "You said, we did" for one action: how many people it answers are still waiting to hear back,
 * and how many were told. Only people who consented to be contacted count.
 */
export function LoopStatus({ status }: { status: LoopStatusView | undefined }) {
  if (!status) return <span className="muted small">—</span>;
  const themes = status.targets.filter((t) => t.startsWith('theme:')).map((t) => t.slice('theme:'.length));
  const items = status.targets.filter((t) => t.startsWith('item:')).length;
  const answers = [
    ...themes.map((t) => `“${t}”`),
    ...(items > 0 ? [`${items} ${items === 1 ? 'item' : 'items'}`] : []),
  ];
  if (answers.length === 0) return <span className="muted small">No feedback linked</span>;
  return (
    <div className="loop-status">
      <span>
        <strong>{status.waiting}</strong> {status.waiting === 1 ? 'person' : 'people'} waiting to hear back
      </span>
      <span className="muted">
        {' '}
        / <strong>{status.told}</strong> told
      </span>
      <div className="muted small">Answers {answers.join(', ')}</div>
    </div>
  );
}

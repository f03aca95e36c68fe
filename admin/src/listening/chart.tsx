import { useId } from 'react';

/**
 * A theme's volume over time as a small bar chart drawn in SVG, with its text alternative: a
 * one-sentence summary as the image's name, and every count in a table under "Counts by day".
 */

const dayMonth = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
const dayMonthYear = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});

/** "2 Mar" for a day bucket, "week of 2 Mar" for a week bucket. */
export function bucketLabel(bucket: string, interval: 'day' | 'week', withYear = false): string {
  const d = (withYear ? dayMonthYear : dayMonth).format(new Date(`${bucket}T00:00:00Z`));
  return interval === 'week' ? `week of ${d}` : d;
}

const WIDTH = 360;
const HEIGHT = 72;

export function VolumeChart({
  theme,
  series,
  interval,
}: {
  theme: string;
  series: { bucket: string; count: number }[];
  interval: 'day' | 'week';
}) {
  const id = useId();
  const total = series.reduce((n, p) => n + p.count, 0);
  const max = Math.max(1, ...series.map((p) => p.count));
  const busiest = series.reduce((b, p) => (p.count > b.count ? p : b), series[0] ?? { bucket: '', count: 0 });
  const step = WIDTH / Math.max(1, series.length);
  const barWidth = Math.max(1, step * 0.75);
  const first = series[0];
  const last = series[series.length - 1];
  const summary =
    first && last
      ? `${theme}: ${total} ${total === 1 ? 'item' : 'items'} from ${bucketLabel(first.bucket, interval, true)} to ${bucketLabel(
          last.bucket,
          interval,
          true,
        )}${busiest.count > 0 ? `; the most, ${busiest.count}, in the ${bucketLabel(busiest.bucket, interval)}` : ''}.`
      : `${theme}: no counts.`;
  const unit = interval === 'day' ? 'day' : 'week';

  return (
    <div className="volume">
      <svg
        className="volume-chart"
        role="img"
        aria-labelledby={`${id}-title`}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        preserveAspectRatio="none"
        focusable="false"
      >
        <title id={`${id}-title`}>{summary}</title>
        <line x1="0" y1={HEIGHT - 0.5} x2={WIDTH} y2={HEIGHT - 0.5} className="volume-axis" />
        {series.map((p, i) => {
          const h = p.count === 0 ? 0 : Math.max(2, (p.count / max) * (HEIGHT - 4));
          return (
            <rect
              key={p.bucket}
              x={i * step + (step - barWidth) / 2}
              y={HEIGHT - h}
              width={barWidth}
              height={h}
              className="volume-bar"
            />
          );
        })}
      </svg>
      <details>
        <summary>Counts by {unit}</summary>
        <table className="volume-table">
          <caption className="visually-hidden">
            {theme}: items per {unit}
          </caption>
          <thead>
            <tr>
              <th scope="col">{interval === 'day' ? 'Day' : 'Week starting'}</th>
              <th scope="col">Items</th>
            </tr>
          </thead>
          <tbody>
            {series.map((p) => (
              <tr key={p.bucket}>
                <th scope="row">
                  <time dateTime={p.bucket}>{bucketLabel(p.bucket, 'day', true)}</time>
                </th>
                <td className="num">{p.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </div>
  );
}

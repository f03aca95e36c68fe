import { scaleLinear, scaleUtc } from 'd3-scale';
import { area, line } from 'd3-shape';
import { useId } from 'react';
import type { Annotation, MetricSeries } from '../contract/dashboard.ts';
import { describeSeries, formatDay, formatInterval, formatTick, formatValue } from './format.ts';

/**
 * One measure over time, drawn as plain SVG so it renders the same in the console and in the
 * server-rendered board report (no DOM APIs, no effects): the estimate per period with its interval
 * band, the pre-incident baseline band, the trough, the forecast cone to the projected return date
 * (or a "Not recovering" label), and vertical markers for statements, actions and commitments with
 * a legend. Colours are SVG presentation attributes, so no stylesheet is needed and the console's
 * strict CSP is kept; every mark also differs by shape or dash, not by colour alone.
 */

export interface TimeSeriesChartProps {
  series: MetricSeries;
  annotations?: readonly Annotation[];
  /** `hidden`: a visually-hidden table of every point follows the chart (the console's text alternative). */
  table?: 'hidden' | 'visible' | 'none';
  width?: number;
  height?: number;
}

type Glyph = 'circle' | 'square' | 'triangle' | 'diamond' | 'cross' | 'bar';

/** How each kind of annotation looks and what the legend calls it. */
export const ANNOTATION_STYLE: Record<Annotation['kind'], { label: string; colour: string; glyph: Glyph }> = {
  disclosed: { label: 'Disclosed', colour: '#374151', glyph: 'bar' },
  statement_published: { label: 'Statement published', colour: '#1d4ed8', glyph: 'square' },
  action_done: { label: 'Action done', colour: '#047857', glyph: 'circle' },
  action_verified: { label: 'Action verified', colour: '#065f46', glyph: 'diamond' },
  commitment_kept: { label: 'Commitment kept', colour: '#0f766e', glyph: 'triangle' },
  commitment_kept_late: { label: 'Commitment kept late', colour: '#a16207', glyph: 'triangle' },
  commitment_broken: { label: 'Commitment broken', colour: '#b91c1c', glyph: 'cross' },
  alert: { label: 'Alert', colour: '#c2410c', glyph: 'diamond' },
};

const COLOURS = {
  line: '#1e3a8a',
  band: '#3b82f6',
  baseline: '#4b5563',
  cone: '#b45309',
  trough: '#b91c1c',
  axis: '#6b7280',
  text: '#1f2937',
};

const MARGIN = { top: 26, right: 20, bottom: 26, left: 52 };
const LEGEND_ROW = 18;
const DAY_MS = 86_400_000;

function GlyphMark({ glyph, x, y, colour }: { glyph: Glyph; x: number; y: number; colour: string }) {
  const r = 4.5;
  switch (glyph) {
    case 'circle':
      return <circle cx={x} cy={y} r={r} fill={colour} />;
    case 'square':
      return <rect x={x - r} y={y - r} width={r * 2} height={r * 2} fill={colour} />;
    case 'triangle':
      return <path d={`M${x},${y - r - 1}L${x + r + 1},${y + r}L${x - r - 1},${y + r}Z`} fill={colour} />;
    case 'diamond':
      return (
        <path d={`M${x},${y - r - 1}L${x + r + 1},${y}L${x},${y + r + 1}L${x - r - 1},${y}Z`} fill={colour} />
      );
    case 'cross':
      return (
        <path
          d={`M${x - r},${y - r}L${x + r},${y + r}M${x + r},${y - r}L${x - r},${y + r}`}
          stroke={colour}
          strokeWidth={2.5}
          fill="none"
        />
      );
    case 'bar':
      return <rect x={x - 1.5} y={y - r - 1} width={3} height={r * 2 + 2} fill={colour} />;
  }
}

/** Roughly how wide a legend label is, for laying legend items out without measuring text. */
function textWidth(s: string): number {
  return s.length * 6.2;
}

export function TimeSeriesChart({
  series,
  annotations = [],
  table = 'none',
  width = 640,
  height = 240,
}: TimeSeriesChartProps) {
  const id = useId();
  if (!series.points.some((p) => p.value !== null)) {
    return (
      <figure className="ts-chart ts-empty">
        <p>{describeSeries(series)}</p>
      </figure>
    );
  }
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  const { unit, forecast, baseline, trough } = series;
  const times = series.points.map((p) => Date.parse(p.t));
  const cone = forecast?.cone ?? [];
  for (const c of cone) times.push(Date.parse(c.t));
  let x0 = Math.min(...times);
  let x1 = Math.max(...times);
  if (!Number.isFinite(x0)) {
    x0 = Date.parse(series.points[0]?.t ?? '1970-01-01');
    x1 = x0;
  }
  if (x1 - x0 < DAY_MS) {
    x0 -= DAY_MS;
    x1 += DAY_MS;
  }
  const inDomain = annotations.filter((a) => {
    const t = Date.parse(a.at);
    return t >= x0 && t <= x1;
  });

  // The legend: one item per kind of marker present, plus the bands that are drawn.
  const legendItems: {
    key: string;
    label: string;
    swatch: 'glyph' | 'band' | 'dash';
    colour: string;
    glyph?: Glyph;
  }[] = [{ key: 'interval', label: '95% interval', swatch: 'band', colour: COLOURS.band }];
  if (baseline)
    legendItems.push({ key: 'baseline', label: 'Baseline', swatch: 'band', colour: COLOURS.baseline });
  if (cone.length > 0)
    legendItems.push({ key: 'cone', label: 'Forecast', swatch: 'dash', colour: COLOURS.cone });
  for (const kind of Object.keys(ANNOTATION_STYLE) as Annotation['kind'][]) {
    if (inDomain.some((a) => a.kind === kind)) {
      const s = ANNOTATION_STYLE[kind];
      legendItems.push({ key: kind, label: s.label, swatch: 'glyph', colour: s.colour, glyph: s.glyph });
    }
  }
  const plotWidth = width - MARGIN.left - MARGIN.right;
  const legendRows: (typeof legendItems)[] = [[]];
  let rowWidth = 0;
  for (const item of legendItems) {
    const w = 22 + textWidth(item.label) + 14;
    if (rowWidth + w > plotWidth && legendRows[legendRows.length - 1]!.length > 0) {
      legendRows.push([]);
      rowWidth = 0;
    }
    legendRows[legendRows.length - 1]!.push(item);
    rowWidth += w;
  }
  const legendHeight = legendRows.length * LEGEND_ROW + 6;
  const plotBottom = height - MARGIN.bottom;
  const totalHeight = height + legendHeight;

  const values: number[] = [];
  for (const p of series.points) for (const v of [p.value, p.low, p.high]) if (v !== null) values.push(v);
  if (baseline) values.push(baseline.low, baseline.high, baseline.value);
  for (const c of cone) values.push(c.low, c.high, c.value);
  let y0 = values.length ? Math.min(...values) : 0;
  let y1 = values.length ? Math.max(...values) : 1;
  if (y0 === y1) {
    y0 -= 1;
    y1 += 1;
  }
  const x = scaleUtc()
    .domain([new Date(x0), new Date(x1)])
    .range([MARGIN.left, width - MARGIN.right]);
  const y = scaleLinear().domain([y0, y1]).nice(5).range([plotBottom, MARGIN.top]);
  if (unit === 'share' || unit === 'ratio') {
    const [d0, d1] = y.domain() as [number, number];
    y.domain([Math.max(0, d0), Math.min(1, d1)]);
  }
  const X = (t: string) => x(new Date(t));

  type P = MetricSeries['points'][number];
  const bandPath =
    area<P>()
      .defined((p) => p.low !== null && p.high !== null)
      .x((p) => X(p.t))
      .y0((p) => y(p.low!))
      .y1((p) => y(p.high!))(series.points) ?? '';
  const linePath =
    line<P>()
      .defined((p) => p.value !== null)
      .x((p) => X(p.t))
      .y((p) => y(p.value!))(series.points) ?? '';

  // The forecast starts from the last estimate, so the dashed line continues the solid one.
  const lastKnown = [...series.points].reverse().find((p) => p.value !== null);
  type C = (typeof cone)[number];
  const coneFrom: C[] =
    lastKnown && cone.length > 0 && Date.parse(cone[0]!.t) > Date.parse(lastKnown.t)
      ? [{ t: lastKnown.t, value: lastKnown.value!, low: lastKnown.value!, high: lastKnown.value! }, ...cone]
      : cone;
  const conePath =
    coneFrom.length > 1
      ? (area<C>()
          .x((c) => X(c.t))
          .y0((c) => y(c.low))
          .y1((c) => y(c.high))(coneFrom) ?? '')
      : '';
  const forecastPath =
    coneFrom.length > 1
      ? (line<C>()
          .x((c) => X(c.t))
          .y((c) => y(c.value))(coneFrom) ?? '')
      : '';
  const returnDate = forecast?.status === 'recovering' ? forecast.date : null;

  const title = `${series.label} over time`;
  const description = describeSeries(series);
  const xTicks = x.ticks(Math.max(2, Math.floor(plotWidth / 110)));
  const yTicks = y.ticks(5);

  return (
    <figure className="ts-chart">
      <svg
        role="img"
        aria-labelledby={titleId}
        aria-describedby={descId}
        viewBox={`0 0 ${width} ${totalHeight}`}
        className="ts-svg"
        focusable="false"
        fontFamily="system-ui, -apple-system, 'Segoe UI', sans-serif"
        fontSize={11}
      >
        <title id={titleId}>{title}</title>
        <desc id={descId}>{description}</desc>
        {/* Axes and grid */}
        <g className="ts-axis" aria-hidden="true">
          {yTicks.map((v) => (
            <g key={`y${v}`}>
              <line x1={MARGIN.left} x2={width - MARGIN.right} y1={y(v)} y2={y(v)} stroke="#e5e7eb" />
              <text x={MARGIN.left - 6} y={y(v)} dy="0.32em" textAnchor="end" fill={COLOURS.axis}>
                {formatValue(unit, v)}
              </text>
            </g>
          ))}
          <line
            x1={MARGIN.left}
            x2={width - MARGIN.right}
            y1={plotBottom}
            y2={plotBottom}
            stroke={COLOURS.axis}
          />
          {xTicks.map((d) => (
            <text
              key={`x${d.getTime()}`}
              x={x(d)}
              y={plotBottom + 16}
              textAnchor="middle"
              fill={COLOURS.axis}
            >
              {formatTick(d)}
            </text>
          ))}
        </g>
        {baseline ? (
          <g className="ts-baseline">
            <rect
              className="ts-baseline-band"
              x={MARGIN.left}
              width={plotWidth}
              y={y(baseline.high)}
              height={Math.max(1, y(baseline.low) - y(baseline.high))}
              fill={COLOURS.baseline}
              fillOpacity={0.14}
            />
            <line
              x1={MARGIN.left}
              x2={width - MARGIN.right}
              y1={y(baseline.value)}
              y2={y(baseline.value)}
              stroke={COLOURS.baseline}
              strokeDasharray="2 3"
            />
            <text
              x={width - MARGIN.right - 4}
              y={y(baseline.high) - 4}
              textAnchor="end"
              fill={COLOURS.baseline}
            >
              Baseline {formatInterval(unit, baseline)}
            </text>
          </g>
        ) : null}
        <path className="ts-band" d={bandPath} fill={COLOURS.band} fillOpacity={0.2} stroke="none" />
        {conePath ? (
          <g className="ts-forecast">
            <path className="ts-cone" d={conePath} fill={COLOURS.cone} fillOpacity={0.15} stroke="none" />
            <path
              className="ts-forecast-line"
              d={forecastPath}
              fill="none"
              stroke={COLOURS.cone}
              strokeWidth={2}
              strokeDasharray="6 4"
            />
          </g>
        ) : null}
        {returnDate && Date.parse(returnDate) >= x0 && Date.parse(returnDate) <= x1 ? (
          <g className="ts-return">
            <line
              x1={X(returnDate)}
              x2={X(returnDate)}
              y1={MARGIN.top}
              y2={plotBottom}
              stroke={COLOURS.cone}
              strokeDasharray="1 3"
            />
            <text x={X(returnDate) - 4} y={plotBottom - 6} textAnchor="end" fill={COLOURS.cone}>
              Back by {formatTick(returnDate)}
            </text>
          </g>
        ) : null}
        {forecast?.status === 'not_recovering' ? (
          <text
            className="ts-not-recovering"
            x={width - MARGIN.right - 4}
            y={MARGIN.top + 12}
            textAnchor="end"
            fill={COLOURS.trough}
            fontWeight="bold"
          >
            Not recovering
          </text>
        ) : null}
        <path className="ts-line" d={linePath} fill="none" stroke={COLOURS.line} strokeWidth={2} />
        {series.points.map((p) =>
          p.value === null ? null : (
            <circle key={p.t} className="ts-point" cx={X(p.t)} cy={y(p.value)} r={2.5} fill={COLOURS.line}>
              <title>{`${formatDay(p.t)}: ${formatInterval(unit, p)}, n = ${p.n}`}</title>
            </circle>
          ),
        )}
        {trough ? (
          <g className="ts-trough">
            <circle
              cx={X(trough.t)}
              cy={y(trough.value)}
              r={5}
              fill="none"
              stroke={COLOURS.trough}
              strokeWidth={2}
            />
            <text x={X(trough.t)} y={y(trough.value) + 18} textAnchor="middle" fill={COLOURS.trough}>
              Trough {formatValue(unit, trough.value)}
            </text>
          </g>
        ) : null}
        {inDomain.map((a, i) => {
          const s = ANNOTATION_STYLE[a.kind];
          const ax = X(a.at);
          return (
            <g key={`${a.kind}-${a.at}-${i}`} className="ts-marker">
              <title>{`${s.label}, ${formatDay(a.at)}: ${a.label}`}</title>
              <line
                x1={ax}
                x2={ax}
                y1={MARGIN.top - 8}
                y2={plotBottom}
                stroke={s.colour}
                strokeOpacity={0.6}
              />
              <GlyphMark glyph={s.glyph} x={ax} y={MARGIN.top - 12} colour={s.colour} />
            </g>
          );
        })}
        <g className="ts-legend" transform={`translate(${MARGIN.left}, ${height + 4})`}>
          {legendRows.map((row, r) => {
            let cx = 0;
            return row.map((item) => {
              const at = cx;
              cx += 22 + textWidth(item.label) + 14;
              const cy = r * LEGEND_ROW + 8;
              return (
                <g key={item.key} transform={`translate(${at}, ${cy})`}>
                  {item.swatch === 'band' ? (
                    <rect x={0} y={-5} width={16} height={10} fill={item.colour} fillOpacity={0.25} />
                  ) : item.swatch === 'dash' ? (
                    <line
                      x1={0}
                      x2={16}
                      y1={0}
                      y2={0}
                      stroke={item.colour}
                      strokeWidth={2}
                      strokeDasharray="4 3"
                    />
                  ) : (
                    <GlyphMark glyph={item.glyph!} x={8} y={0} colour={item.colour} />
                  )}
                  <text x={22} y={0} dy="0.32em" fill={COLOURS.text}>
                    {item.label}
                  </text>
                </g>
              );
            });
          })}
        </g>
      </svg>
      {table === 'none' ? null : (
        <table className={table === 'hidden' ? 'visually-hidden' : 'ts-table'}>
          <caption>
            {series.label} by period
            {baseline ? ` (baseline ${formatInterval(unit, baseline)})` : ''}
          </caption>
          <thead>
            <tr>
              <th scope="col">Period starting</th>
              <th scope="col">Estimate (95% interval)</th>
              <th scope="col">Responses</th>
            </tr>
          </thead>
          <tbody>
            {series.points.map((p) => (
              <tr key={p.t}>
                <th scope="row">{formatDay(p.t)}</th>
                <td>{formatInterval(unit, p)}</td>
                <td>{p.n}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </figure>
  );
}

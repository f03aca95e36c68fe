import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { dashboardFixture } from '../../../test/dashboard.ts';
import type { MetricSeries } from '../contract/dashboard.ts';
import {
  comparisonsSentence,
  describeChange,
  describeSeries,
  forecastSentence,
  formatDateRange,
  formatInterval,
  formatP,
} from './format.ts';
import { TimeSeriesChart } from './time-series.tsx';
import type { TimeSeriesChartProps } from './time-series.tsx';

const render = (props: TimeSeriesChartProps) => renderToStaticMarkup(createElement(TimeSeriesChart, props));
const fixture = dashboardFixture();
const nps = fixture.series[0]!;
const csat = fixture.series[1]!;

/** The `d` of the first path with the given class. */
function pathD(html: string, cls: string): string | undefined {
  return new RegExp(`<path class="${cls}" d="([^"]*)"`).exec(html)?.[1];
}

describe('TimeSeriesChart', () => {
  it('draws the estimate line, its interval band, the baseline band, the trough and the forecast cone', () => {
    const html = render({ series: nps, annotations: fixture.annotations });
    expect(html.startsWith('<figure')).toBe(true);
    expect(pathD(html, 'ts-line')).toMatch(/^M[\d.]+,[\d.]+(L[\d.]+,[\d.]+){5}$/);
    expect(pathD(html, 'ts-band')).toMatch(/^M.+Z$/);
    expect(pathD(html, 'ts-cone')).toMatch(/^M.+Z$/);
    expect(pathD(html, 'ts-forecast-line')).toMatch(/^M[\d.]+,[\d.]+(L[\d.]+,[\d.]+){4}$/);
    expect(html).toContain('stroke-dasharray="6 4"');
    expect(html).toContain('class="ts-baseline-band"');
    expect(html).toContain('Baseline 31 (27–35)');
    expect(html).toContain('Trough 4');
    expect(html).toContain('Back by 10 Mar');
    expect(html.match(/class="ts-point"/g)).toHaveLength(6);
  });

  it('is an image named and described in words, with a marker and a legend entry per annotation kind', () => {
    const html = render({ series: nps, annotations: fixture.annotations });
    expect(html).toMatch(/<svg role="img" aria-labelledby="([^"]+)-title" aria-describedby="\1-desc"/);
    expect(html).toContain('<title id=');
    expect(html).toContain('NPS over time</title>');
    expect(html).toContain('NPS was 12 (5–19) in the period starting 9 February 2026');
    expect(html).toContain('19 points below the baseline of 31 (27–35) (worse)');
    expect(html).toContain('projected back to its baseline between 3 and 19 March (80%)');
    expect(html.match(/class="ts-marker"/g)).toHaveLength(4);
    for (const legend of [
      'Disclosed',
      'Statement published',
      'Action done',
      'Commitment broken',
      'Baseline',
      'Forecast',
    ]) {
      expect(html).toContain(`>${legend}</text>`);
    }
    expect(html).not.toContain('>Commitment kept</text>');
  });

  it('labels a measure that is not recovering and draws no cone', () => {
    const html = render({ series: csat });
    expect(html).toContain('Not recovering</text>');
    expect(html).not.toContain('class="ts-cone"');
    expect(html).toContain('CSAT &lt;top-2&gt; is not recovering');
  });

  it('escapes text from the data', () => {
    const html = render({
      series: { ...csat, label: '<script>alert(1)</script>' },
      annotations: [
        { at: '2026-01-20T00:00:00.000Z', kind: 'statement_published', label: '"><img src=x>', ref: null },
      ],
      table: 'hidden',
    });
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; over time');
    expect(html).toContain('&quot;&gt;&lt;img src=x&gt;');
  });

  it('offers every point as a visually hidden table when asked', () => {
    const html = render({ series: nps, table: 'hidden' });
    expect(html).toContain('<table class="visually-hidden">');
    expect(html.match(/<tr>/g)).toHaveLength(7);
    expect(html).toContain('<td>12 (5–19)</td>');
    expect(render({ series: nps })).not.toContain('<table');
  });

  it('draws a series with gaps, a single point, or no data without failing', () => {
    const gappy: MetricSeries = {
      ...nps,
      points: nps.points.map((p, i) => (i === 2 ? { ...p, value: null, low: null, high: null } : p)),
      forecast: null,
    };
    expect(pathD(render({ series: gappy }), 'ts-line')).toMatch(/^M.+M/);
    const one: MetricSeries = { ...nps, points: nps.points.slice(0, 1), forecast: null, trough: null };
    expect(render({ series: one })).toContain('class="ts-point"');
    const none: MetricSeries = { ...nps, points: [], forecast: null, trough: null, baseline: null };
    const empty = render({ series: none });
    expect(empty).toBe('<figure class="ts-chart ts-empty"><p>NPS: no data in this period.</p></figure>');
  });
});

describe('dashboard wording', () => {
  it('words p-values and the multiple-comparison adjustment', () => {
    expect(formatP(0.0073)).toBe('p = 0.0073');
    expect(formatP(0.01825, 'q')).toBe('q = 0.018');
    expect(formatP(0.4)).toBe('p = 0.4');
    expect(formatP(0.0004)).toBe('p < 0.001');
    expect(formatP(1)).toBe('p = 1');
    const csat = fixture.cards.find((c) => c.key === 'csat')!;
    expect(describeChange(csat)!.pValues).toBe('p = 0.001, adjusted q = 0.0015');
    expect(describeChange({ ...csat, change: { ...csat.change!, p: null, q: null } })!.pValues).toBe('');
    expect(comparisonsSentence(fixture.comparisons)).toBe(
      'Significance is adjusted for 3 comparisons (Benjamini–Hochberg, false discovery rate 5%); the intervals of the changes are not.',
    );
    expect(comparisonsSentence({ method: 'benjamini_hochberg', fdr: 0.05, tests: 1 })).toBe(
      'One change is tested, at the 5% level.',
    );
    expect(comparisonsSentence({ method: 'benjamini_hochberg', fdr: 0.05, tests: 0 })).toMatch(/No change/);
  });

  it('formats intervals per unit', () => {
    expect(formatInterval('share', { value: 0.62, low: 0.55, high: 0.68 })).toBe('62% (55–68%)');
    expect(formatInterval('score', { value: 12, low: 5, high: 19 })).toBe('12 (5–19)');
    expect(formatInterval('mean', { value: 3.84, low: null, high: null })).toBe('3.8');
    expect(formatInterval('share', { value: null, low: null, high: null })).toBe('n/a');
  });

  it('says the forecast in words', () => {
    expect(forecastSentence('NPS', nps.forecast)).toBe(
      'NPS is projected back to its baseline between 3 and 19 March (80%).',
    );
    expect(formatDateRange('2026-02-27T00:00:00Z', '2026-03-19T00:00:00Z')).toBe(
      'between 27 February and 19 March',
    );
    expect(formatDateRange('2026-12-27T00:00:00Z', '2027-01-09T00:00:00Z')).toBe(
      'between 27 December 2026 and 9 January 2027',
    );
    expect(forecastSentence('CSAT', csat.forecast)).toMatch(/not recovering/);
    expect(forecastSentence('CSAT', null)).toBe('CSAT has no forecast.');
  });

  it('describes a measure where lower is better as better when it falls', () => {
    const hours: MetricSeries = {
      ...nps,
      label: 'Time to resolve',
      unit: 'hours',
      betterWhen: 'lower',
      baseline: { value: 40, low: 35, high: 45 },
      forecast: null,
      trough: null,
    };
    expect(describeSeries(hours)).toContain('below the baseline of 40 h (35 h–45 h) (better)');
  });
});

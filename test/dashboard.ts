import type { Dashboard, MetricSeries } from '../src/shared/contract/dashboard.ts';

/**
 * A complete `Dashboard` built by hand, for tests of what draws it (the chart, the console's
 * rendering, the board report). The figures are chosen so they are easy to look for in output:
 * NPS 12 (5–19) against a baseline of 31, a trough of 4, a return projected between 3 and 19 March
 * 2026 with 80% probability; CSAT 62% (55–68%), not recovering.
 */
export function dashboardFixture(overrides: Partial<Dashboard> = {}): Dashboard {
  const weeks = ['2026-01-05', '2026-01-12', '2026-01-19', '2026-01-26', '2026-02-02', '2026-02-09'];
  const nps: MetricSeries = {
    key: 'nps',
    label: 'NPS',
    unit: 'score',
    betterWhen: 'higher',
    points: [30, 28, 4, 8, 10, 12].map((v, i) => ({
      t: `${weeks[i]}T00:00:00.000Z`,
      value: v,
      low: v - 7,
      high: v + 7,
      n: 200 + i,
    })),
    baseline: { value: 31, low: 27, high: 35 },
    trough: { t: '2026-01-19T00:00:00.000Z', value: 4 },
    forecast: {
      status: 'recovering',
      model: 'linear',
      date: '2026-03-10T00:00:00.000Z',
      low: '2026-03-03T00:00:00.000Z',
      high: '2026-03-19T00:00:00.000Z',
      probability: 0.8,
      cone: [
        { t: '2026-02-16T00:00:00.000Z', value: 16, low: 12, high: 20 },
        { t: '2026-02-23T00:00:00.000Z', value: 20, low: 14, high: 26 },
        { t: '2026-03-02T00:00:00.000Z', value: 25, low: 17, high: 32 },
        { t: '2026-03-10T00:00:00.000Z', value: 31, low: 21, high: 38 },
      ],
      explanation: 'Linear return fitted to the last 4 weeks.',
    },
  };
  const csat: MetricSeries = {
    key: 'csat',
    label: 'CSAT <top-2>',
    unit: 'share',
    betterWhen: 'higher',
    points: [0.8, 0.79, 0.6, 0.61, 0.63, 0.62].map((v, i) => ({
      t: `${weeks[i]}T00:00:00.000Z`,
      value: v,
      low: v - 0.07,
      high: v + 0.06,
      n: 150,
    })),
    baseline: { value: 0.8, low: 0.76, high: 0.84 },
    trough: { t: '2026-01-19T00:00:00.000Z', value: 0.6 },
    forecast: {
      status: 'not_recovering',
      model: null,
      date: null,
      low: null,
      high: null,
      probability: null,
      cone: [],
      explanation: 'The slope since the trough is flat.',
    },
  };
  return {
    organization: { slug: 'paylode', name: 'Paylode' },
    incident: {
      id: 'inc-1',
      slug: 'card-data-exposure',
      title: 'Card data exposure',
      stage: 'reform',
      detectedAt: '2026-01-14T09:00:00.000Z',
      disclosedAt: '2026-01-15T12:00:00.000Z',
    },
    audience: 'customers',
    audiences: ['customers', 'employees'],
    interval: 'week',
    baseline: { from: '2025-10-01T00:00:00.000Z', to: '2026-01-13T00:00:00.000Z' },
    period: { from: '2026-01-05T00:00:00.000Z', to: '2026-02-15T00:00:00.000Z' },
    cards: [
      {
        key: 'nps',
        label: 'NPS',
        unit: 'score',
        betterWhen: 'higher',
        current: { value: 12, low: 5, high: 19, n: 205 },
        baseline: { value: 31, low: 27, high: 35, n: 900 },
        change: { estimate: -19, low: -27, high: -11, p: 0.0001, test: 'adjusted_wald', significant: true },
        repair: { ratio: 0.3, status: 'recovering' },
        mixShift: false,
      },
      {
        key: 'csat',
        label: 'CSAT <top-2>',
        unit: 'share',
        betterWhen: 'higher',
        current: { value: 0.62, low: 0.55, high: 0.68, n: 150 },
        baseline: { value: 0.8, low: 0.76, high: 0.84, n: 600 },
        change: { estimate: -0.18, low: -0.26, high: -0.1, p: 0.001, test: 'newcombe', significant: true },
        repair: { ratio: 0.1, status: 'not_recovering' },
        mixShift: true,
      },
      {
        key: 'complaints.resolution_hours',
        label: 'Median time to resolve',
        unit: 'hours',
        betterWhen: 'lower',
        current: { value: 30, low: 24, high: 36, n: 40 },
        baseline: { value: 28, low: 22, high: 33, n: 120 },
        change: { estimate: 2, low: -5, high: 9, p: 0.4, test: 'welch_t', significant: false },
        repair: null,
      },
    ],
    series: [nps, csat],
    annotations: [
      { at: '2026-01-15T12:00:00.000Z', kind: 'disclosed', label: 'Incident disclosed', ref: null },
      { at: '2026-01-16T10:00:00.000Z', kind: 'statement_published', label: 'Apology & plan', ref: 's1' },
      {
        at: '2026-01-28T10:00:00.000Z',
        kind: 'action_done',
        label: 'Tokenise stored card numbers',
        ref: 'a1',
      },
      {
        at: '2026-02-05T10:00:00.000Z',
        kind: 'commitment_broken',
        label: 'Refunds by 1 February',
        ref: 'c1',
      },
    ],
    alerts: [
      {
        id: 'al-1',
        incidentId: 'inc-1',
        metric: 'complaints.volume',
        detector: 'cusum',
        message: 'Complaint volume rose above its usual level',
        period: '2026-02-09T00:00:00.000Z',
        value: 48,
        threshold: 30,
        raisedAt: '2026-02-10T08:00:00.000Z',
        acknowledgedAt: null,
        acknowledgedBy: null,
      },
    ],
    realism: [
      {
        commitmentId: 'c2',
        text: 'Every affected card replaced within 3 days',
        dueAt: '2026-02-20T23:59:59.000Z',
        status: 'open',
        promisedDays: 3,
        percentile: 0.04,
        history: 25,
        flag: 'optimistic',
        explanation: 'Only 4% of 25 similar actions here finished within 3 days.',
      },
    ],
    generatedAt: '2026-02-15T10:00:00.000Z',
    ...overrides,
  };
}

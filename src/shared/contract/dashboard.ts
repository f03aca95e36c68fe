import { z } from 'zod';

/**
 * The measurement dashboard's wire contract: what `GET …/dashboard` answers, and what the console
 * and the board report draw. Every figure carries its interval and its change against the
 * pre-incident baseline; series carry the baseline band, the trough and the forecast cone.
 * Definitions: docs/metrics.md.
 */

const Num = z.number().nullable();

export const IntervalSchema = z.object({
  value: Num.describe('The estimate; null when there is not enough data'),
  low: Num,
  high: Num,
  n: z.number().int().describe('How many observations it rests on'),
});

export const ChangeSchema = z.object({
  estimate: z.number(),
  low: z.number().describe('95% interval of the change, not adjusted for multiple comparisons'),
  high: z.number(),
  p: Num.describe('Raw two-sided p-value of the test named in `test`'),
  q: Num.describe(
    'Benjamini–Hochberg adjusted p-value across the dashboard’s tested cards (see `comparisons`); null without a p-value',
  ),
  test: z.enum(['newcombe', 'two_proportion_z', 'welch_t', 'adjusted_wald', 'none']),
  significant: z.boolean().describe('q ≤ the false discovery rate in `comparisons.fdr`'),
});

/** How the cards' change tests are adjusted for being many at once. */
export const ComparisonsSchema = z.object({
  method: z.literal('benjamini_hochberg'),
  fdr: z.number().describe('False discovery rate controlled across the cards (0.05)'),
  tests: z.number().int().describe('How many cards have a p-value: the m of the adjustment'),
});

export const ReliabilitySchema = z.object({
  wave: z.string().describe('The survey wave (or survey id) the items were answered in'),
  alpha: z.number().describe('Cronbach’s alpha over complete responses'),
  low: z.number().describe('Feldt interval (Feldt, Woodruff & Salih 1987) at `level`'),
  high: z.number(),
  level: z.number(),
  n: z.number().int().describe('Complete responses'),
  items: z.number().int(),
  acceptable: z.boolean().describe('alpha ≥ 0.70'),
});

export const METRIC_UNITS = [
  'share',
  'score',
  'mean',
  'ratio',
  'count',
  'hours',
  'days',
  'per_week',
] as const;

export const CardSchema = z
  .object({
    key: z.string().describe('Stable id, e.g. nps, csat, trust.integrity, sentiment.negative, say_do'),
    label: z.string(),
    unit: z.enum(METRIC_UNITS),
    betterWhen: z.enum(['higher', 'lower']),
    current: IntervalSchema,
    baseline: IntervalSchema.nullable(),
    change: ChangeSchema.nullable(),
    /** Trust Repair Ratio for measures with a baseline and a trough. */
    repair: z.object({ ratio: Num, status: z.string() }).nullable().optional(),
    mixShift: z.boolean().optional().describe('The respondent mix differs from the baseline’s'),
    reliability: z
      .array(ReliabilitySchema)
      .optional()
      .describe('Trust dimensions: Cronbach’s alpha with its interval, per wave'),
    note: z.string().optional(),
  })
  .meta({ id: 'MetricCard' });

export const PointSchema = z.object({
  t: z.string().describe('Start of the period (ISO date-time)'),
  value: Num,
  low: Num,
  high: Num,
  n: z.number().int(),
});

export const ForecastSchema = z.object({
  status: z.enum(['recovering', 'recovered', 'not_recovering', 'insufficient_data', 'no_drop']),
  model: z.enum(['linear', 'exponential']).nullable(),
  /** Projected date of return to baseline, and its range. */
  date: z.string().nullable(),
  low: z.string().nullable(),
  high: z.string().nullable(),
  probability: Num.describe('Probability that the return falls inside [low, high]'),
  cone: z.array(z.object({ t: z.string(), value: z.number(), low: z.number(), high: z.number() })),
  explanation: z.string(),
});

export const SeriesSchema = z
  .object({
    key: z.string(),
    label: z.string(),
    unit: z.enum(METRIC_UNITS),
    betterWhen: z.enum(['higher', 'lower']),
    points: z.array(PointSchema),
    baseline: z.object({ value: z.number(), low: z.number(), high: z.number() }).nullable(),
    trough: z.object({ t: z.string(), value: z.number() }).nullable(),
    forecast: ForecastSchema.nullable(),
  })
  .meta({ id: 'MetricSeries' });

export const ANNOTATION_KINDS = [
  'disclosed',
  'statement_published',
  'action_done',
  'action_verified',
  'commitment_kept',
  'commitment_kept_late',
  'commitment_broken',
  'alert',
] as const;

export const AnnotationSchema = z.object({
  at: z.string(),
  kind: z.enum(ANNOTATION_KINDS),
  label: z.string(),
  ref: z.string().nullable().describe('Id of the record it marks'),
});

export const AlertSchema = z
  .object({
    id: z.string(),
    incidentId: z.string().nullable(),
    metric: z.string(),
    detector: z.enum(['ewma', 'cusum', 'relapse']),
    message: z.string(),
    period: z.string(),
    value: z.number(),
    threshold: z.number(),
    raisedAt: z.string(),
    acknowledgedAt: z.string().nullable(),
    acknowledgedBy: z.string().nullable(),
  })
  .meta({ id: 'Alert' });

export const RealismSchema = z.object({
  commitmentId: z.string(),
  text: z.string(),
  dueAt: z.string().nullable(),
  status: z.string(),
  promisedDays: Num,
  percentile: Num.describe('Share of similar past actions that took less time than promised'),
  history: z.number().int(),
  flag: z.enum(['ok', 'optimistic', 'insufficient_history']),
  explanation: z.string(),
});

export const DashboardSchema = z
  .object({
    organization: z.object({ slug: z.string(), name: z.string() }),
    incident: z
      .object({
        id: z.string(),
        slug: z.string(),
        title: z.string(),
        stage: z.string(),
        detectedAt: z.string().nullable(),
        disclosedAt: z.string().nullable(),
      })
      .nullable(),
    audience: z.string().nullable(),
    audiences: z.array(z.string()).describe('Audiences with data, one tab each'),
    interval: z.enum(['day', 'week']),
    baseline: z.object({ from: z.string(), to: z.string() }),
    period: z.object({ from: z.string(), to: z.string() }),
    cards: z.array(CardSchema),
    comparisons: ComparisonsSchema,
    series: z.array(SeriesSchema),
    annotations: z.array(AnnotationSchema),
    alerts: z.array(AlertSchema),
    realism: z.array(RealismSchema),
    generatedAt: z.string(),
  })
  .meta({ id: 'Dashboard' });

export type Dashboard = z.infer<typeof DashboardSchema>;
export type MetricCard = z.infer<typeof CardSchema>;
export type MetricSeries = z.infer<typeof SeriesSchema>;
export type Annotation = z.infer<typeof AnnotationSchema>;
export type Alert = z.infer<typeof AlertSchema>;
export type Forecast = z.infer<typeof ForecastSchema>;
export type CardReliability = z.infer<typeof ReliabilitySchema>;
export type Comparisons = z.infer<typeof ComparisonsSchema>;

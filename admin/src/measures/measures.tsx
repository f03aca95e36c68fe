import type { ReactNode } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import {
  comparisonsSentence,
  describeChange,
  formatDay,
  formatInterval,
  forecastSentence,
} from '../../../src/shared/charts/format.ts';
import { TimeSeriesChart } from '../../../src/shared/charts/time-series.tsx';
import type { Alert, Dashboard, MetricCard } from '../../../src/shared/contract/dashboard.ts';
import { label } from '../../../src/shared/enums.ts';
import { useAnnounce } from '../components/announcer.tsx';
import { Badge } from '../components/badges.tsx';
import { PageHeading } from '../components/layout.tsx';
import { LoadError, Loading } from '../components/status.tsx';
import { dashboards } from '../endpoints.ts';
import type { DashboardQuery } from '../endpoints.ts';
import { useLoad, useMutation, useTitle } from '../hooks.ts';
import { useWorkspace } from '../incident/workspace.tsx';
import { useCan } from '../session.tsx';

/**
 * The measurement dashboard: where each measure stands against its pre-incident baseline, with its
 * interval, its change and its significance; the charts; early-warning alerts; timeline realism of
 * open commitments. One tab per audience, day or week periods, both kept in the address so a view
 * can be shared. The organization's page spans every incident; the incident's tab adds the board
 * report download.
 */

/** The organization's Measures page. */
export function MeasuresPage() {
  const org = useParams().org!;
  useTitle('Measures');
  return (
    <>
      <PageHeading>Measures</PageHeading>
      <Measures org={org} />
    </>
  );
}

/** The incident workspace's Measures tab. */
export function MeasuresTab() {
  const { org, incident } = useWorkspace();
  return (
    <>
      <h2>Measures</h2>
      <Measures org={org} incident={incident.slug} />
    </>
  );
}

function Measures({ org, incident }: { org: string; incident?: string }) {
  const [params] = useSearchParams();
  const q: DashboardQuery = {
    audience: params.get('audience') ?? undefined,
    interval: params.get('interval') === 'day' ? 'day' : 'week',
  };
  const loaded = useLoad(() => dashboards.get(org, incident, q), [org, incident, q.audience, q.interval]);
  if (loaded.error) return <LoadError error={loaded.error} retry={loaded.reload} />;
  if (!loaded.data) return <Loading what="Measuring" />;
  const d = loaded.data;
  return (
    <div className="measures">
      <div className="measures-bar">
        <AudienceTabs dashboard={d} />
        <IntervalSwitch current={d.interval} />
        {incident ? (
          <a className="button-link" href={dashboards.reportUrl(org, incident, 'pdf', d.audience)} download>
            Board report (PDF)
          </a>
        ) : null}
      </div>
      <p className="muted">
        {formatDay(d.period.from)} to {formatDay(d.period.to)}, per {d.interval}, against the baseline from{' '}
        {formatDay(d.baseline.from)} to {formatDay(d.baseline.to)}. Intervals are 95%.{' '}
        <span className="measures-comparisons">{comparisonsSentence(d.comparisons)}</span>
      </p>
      <Cards cards={d.cards} />
      <Alerts org={org} alerts={d.alerts} incidentId={d.incident?.id} reload={loaded.reload} />
      <Realism dashboard={d} />
      <section aria-labelledby="measures-charts">
        <h3 id="measures-charts">Over time</h3>
        {d.series.length === 0 ? (
          <p>No measures with data in this period.</p>
        ) : (
          <div className="measure-charts">
            {d.series.map((s) => (
              <section key={s.key} className="measure-chart" aria-label={s.label}>
                <h4>{s.label}</h4>
                <TimeSeriesChart series={s} annotations={d.annotations} table="hidden" />
                <p className="small">{forecastSentence(s.label, s.forecast)}</p>
              </section>
            ))}
          </div>
        )}
      </section>
    </div>
  );
}

/** Links that keep the rest of the address; the current one marked for assistive technology. */
function useHref() {
  const [params] = useSearchParams();
  return (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value === undefined) next.delete(key);
    else next.set(key, value);
    const qs = next.toString();
    return qs ? `?${qs}` : '?';
  };
}

function AudienceTabs({ dashboard }: { dashboard: Dashboard }) {
  const href = useHref();
  if (dashboard.audiences.length === 0) return null;
  const tabs: { value: string | undefined; name: string }[] = [
    { value: undefined, name: 'All audiences' },
    ...dashboard.audiences.map((a) => ({ value: a, name: label(a) })),
  ];
  return (
    <nav className="subnav" aria-label="Audience">
      <ul>
        {tabs.map((t) => (
          <li key={t.name}>
            <Link
              to={href('audience', t.value)}
              aria-current={(dashboard.audience ?? undefined) === t.value ? 'page' : undefined}
            >
              {t.name}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function IntervalSwitch({ current }: { current: 'day' | 'week' }) {
  const href = useHref();
  return (
    <nav className="subnav" aria-label="Period">
      <ul>
        <li>
          <Link to={href('interval', 'week')} aria-current={current === 'week' ? 'page' : undefined}>
            Per week
          </Link>
        </li>
        <li>
          <Link to={href('interval', 'day')} aria-current={current === 'day' ? 'page' : undefined}>
            Per day
          </Link>
        </li>
      </ul>
    </nav>
  );
}

function Cards({ cards }: { cards: readonly MetricCard[] }) {
  if (cards.length === 0) return <p>No measures yet: surveys, feedback and cases feed them.</p>;
  return (
    <ul className="metric-cards" aria-label="Measures against the baseline">
      {cards.map((c) => (
        <MetricCardView key={c.key} card={c} />
      ))}
    </ul>
  );
}

function MetricCardView({ card }: { card: MetricCard }) {
  const change = describeChange(card);
  const tone = change?.better === undefined ? 'flat' : change.better ? 'better' : 'worse';
  return (
    <li className="metric-card" data-metric={card.key}>
      <p className="metric-label">{card.label}</p>
      <p className="metric-value">{formatInterval(card.unit, card.current)}</p>
      <p className="small muted">
        n = {card.current.n}
        {card.baseline ? <> · baseline {formatInterval(card.unit, card.baseline)}</> : ' · no baseline yet'}
      </p>
      {change ? (
        <p className={`metric-change ${tone}`}>
          <span aria-hidden="true">{change.arrow} </span>
          <span className="visually-hidden">{change.sentence}: </span>
          {change.text}{' '}
          <Badge tone={card.change?.significant ? (change.better ? 'good' : 'bad') : 'neutral'}>
            {change.significance}
          </Badge>
        </p>
      ) : null}
      {change?.pValues ? <p className="small muted metric-p">{change.pValues}</p> : null}
      {card.repair && card.repair.ratio !== null ? (
        <p className="small">
          Trust Repair Ratio {Math.round(card.repair.ratio * 100)}% · {label(card.repair.status)}
        </p>
      ) : null}
      {card.mixShift ? (
        <p className="small metric-warning">
          <Badge tone="warn">Mix shift</Badge> The respondent mix differs from the baseline’s: compare with
          care.
        </p>
      ) : null}
      {card.note ? <p className="small muted">{card.note}</p> : null}
    </li>
  );
}

/** How many acknowledged alerts the page lists under the open ones. */
const ACKNOWLEDGED_SHOWN = 10;

/**
 * The open alerts (from the dashboard) and, under them, the latest acknowledged ones with who
 * acknowledged them and when (the dashboard carries open alerts only, so they come from the alert
 * list). On an incident's tab, the incident's alerts and the organization's.
 */
function Alerts({
  org,
  alerts,
  incidentId,
  reload,
}: {
  org: string;
  alerts: readonly Alert[];
  incidentId: string | undefined;
  reload: () => Promise<void>;
}) {
  const canAck = useCan(ALERT_ACK_PERMISSION);
  const announce = useAnnounce();
  const ack = useMutation((id: string) => dashboards.acknowledge(org, id));
  const acknowledged = useLoad(
    async () =>
      (await dashboards.alerts(org, { acknowledged: 'true', limit: 50 })).items
        .filter((a) => !incidentId || a.incidentId === null || a.incidentId === incidentId)
        .slice(0, ACKNOWLEDGED_SHOWN),
    [org, incidentId],
  );
  return (
    <section aria-labelledby="measures-alerts">
      <h3 id="measures-alerts">Alerts</h3>
      {alerts.length === 0 ? (
        <p>No open early-warning alerts in this period.</p>
      ) : (
        <ul className="alert-list">
          {alerts.map((a) => (
            <AlertItem key={a.id} alert={a}>
              {canAck && !a.acknowledgedAt ? (
                <button
                  type="button"
                  disabled={ack.pending}
                  onClick={async () => {
                    const r = await ack.run(a.id);
                    if (r.ok) {
                      announce('Alert acknowledged');
                      await Promise.all([reload(), acknowledged.reload()]);
                    }
                  }}
                >
                  Acknowledge<span className="visually-hidden">: {a.message}</span>
                </button>
              ) : null}
            </AlertItem>
          ))}
        </ul>
      )}
      {ack.error ? (
        <p className="field-error" role="alert">
          {ack.error.message}
        </p>
      ) : null}
      {acknowledged.error ? <LoadError error={acknowledged.error} retry={acknowledged.reload} /> : null}
      {acknowledged.data && acknowledged.data.length > 0 ? (
        <>
          <h4 id="measures-alerts-acknowledged">Acknowledged lately</h4>
          <ul className="alert-list" aria-labelledby="measures-alerts-acknowledged">
            {acknowledged.data.map((a) => (
              <AlertItem key={a.id} alert={a} />
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

function AlertItem({ alert: a, children }: { alert: Alert; children?: ReactNode }) {
  return (
    <li className={a.acknowledgedAt ? 'is-acknowledged' : 'is-open'} data-alert={a.id}>
      <p>
        <Badge tone={a.acknowledgedAt ? 'neutral' : 'warn'}>
          {a.acknowledgedAt ? 'Acknowledged' : 'Open'}
        </Badge>{' '}
        <strong>{a.message}</strong>
      </p>
      <p className="small muted">
        {a.detector.toUpperCase()} on {a.metric}, period starting {formatDay(a.period)}: {round(a.value)}{' '}
        against a threshold of {round(a.threshold)} · raised {formatDay(a.raisedAt)}
        {a.acknowledgedAt ? ` · acknowledged ${formatDay(a.acknowledgedAt)}` : ''}
        {a.acknowledgedBy ? ` by ${a.acknowledgedBy}` : ''}
      </p>
      {children}
    </li>
  );
}

function round(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(2);
}

function Realism({ dashboard }: { dashboard: Dashboard }) {
  if (dashboard.realism.length === 0) return null;
  return (
    <section aria-labelledby="measures-realism">
      <h3 id="measures-realism">Timeline realism</h3>
      <ul className="realism-list">
        {dashboard.realism.map((r) => (
          <li key={r.commitmentId}>
            {r.flag === 'optimistic' ? (
              <Badge tone="warn">Optimistic</Badge>
            ) : r.flag === 'ok' ? (
              <Badge tone="good">Realistic</Badge>
            ) : (
              <Badge>Too little history</Badge>
            )}{' '}
            {r.text}
            {r.dueAt ? <span className="muted"> · due {formatDay(r.dueAt)}</span> : null}
            <br />
            <span className="small muted">{r.explanation}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Who may acknowledge an alert (the button is hidden for everyone else). */
const ALERT_ACK_PERMISSION = 'alert:ack';

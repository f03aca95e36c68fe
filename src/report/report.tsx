import { createHash } from 'node:crypto';
import type { ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { TimeSeriesChart } from '../shared/charts/time-series.tsx';
import {
  comparisonsSentence,
  describeChange,
  forecastSentence,
  formatDay,
  formatInterval,
  formatValue,
} from '../shared/charts/format.ts';
import type { ActionView } from '../shared/contract/action.ts';
import type { CommitmentView } from '../shared/contract/commitment.ts';
import type { Dashboard, MetricCard } from '../shared/contract/dashboard.ts';
import type { IncidentView } from '../shared/contract/incident.ts';
import { label } from '../shared/enums.ts';

/**
 * The board report: one self-contained HTML page (inline styles, no script, no external request)
 * with the incident's summary, its actions and commitments, the measures with their intervals and
 * charts, the forecasts in words and the alerts. The same page is printed to PDF by Chromium
 * (`renderReportPdf`), so the print CSS below decides the PDF's layout: A4, page breaks before the
 * charts and the registers, no chart split across pages.
 */

/** What the report needs besides the dashboard: the incident and its registers. */
export interface ReportIncident {
  incident: IncidentView;
  actions: readonly ActionView[];
  commitments: readonly CommitmentView[];
}

export const REPORT_CSS = `
@page{size:A4;margin:16mm 14mm}
*{box-sizing:border-box}
body{margin:0;font:10.5pt/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#16181d;-webkit-print-color-adjust:exact;print-color-adjust:exact}
main{max-width:190mm;margin:auto;padding:8mm 0}
h1{font-size:20pt;line-height:1.2;margin:0 0 2mm}h2{font-size:14pt;margin:8mm 0 3mm;border-bottom:1px solid #d9dde5;padding-bottom:1mm}h3{font-size:11.5pt;margin:4mm 0 1mm}
.meta{color:#4a5160}.muted{color:#4a5160}
table{border-collapse:collapse;width:100%;margin:2mm 0}th,td{text-align:left;vertical-align:top;padding:1.4mm 2mm;border-bottom:1px solid #e5e7eb}thead th{border-bottom:1.5px solid #9ca3af;font-size:9.5pt}
td.num{white-space:nowrap}
.cards{display:grid;grid-template-columns:repeat(3,1fr);gap:3mm}.card{border:1px solid #d9dde5;border-radius:2mm;padding:2.5mm 3mm;break-inside:avoid}
.card .value{font-size:15pt;font-weight:600}.card p{margin:.5mm 0}
.better{color:#14652f}.worse{color:#a1161b}.flat{color:#4a5160}
.badge{display:inline-block;font-size:8.5pt;font-weight:600;border:1px solid currentColor;border-radius:999px;padding:0 2mm;white-space:nowrap}
.warn{color:#8a4b00}
.chart{break-inside:avoid;page-break-inside:avoid;margin-bottom:5mm}.chart svg{width:100%;height:auto}
.page-break{break-before:page;page-break-before:always}
ul.sentences li{margin:1mm 0}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
figure{margin:0}
footer{margin-top:8mm;color:#4a5160;font-size:9pt}
`;

/** The Content-Security-Policy the HTML report is served with: no script, its one inline style. */
export const REPORT_CSP = `default-src 'none'; style-src 'sha256-${createHash('sha256')
  .update(REPORT_CSS)
  .digest('base64')}'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

function Tone({ better, children }: { better: boolean | undefined; children: ReactNode }) {
  return <span className={better === undefined ? 'flat' : better ? 'better' : 'worse'}>{children}</span>;
}

function Card({ card }: { card: MetricCard }) {
  const change = describeChange(card);
  return (
    <div className="card">
      <h3>{card.label}</h3>
      <p className="value">{formatInterval(card.unit, card.current)}</p>
      <p className="muted">
        n = {card.current.n}
        {card.baseline ? ` · baseline ${formatInterval(card.unit, card.baseline)}` : ' · no baseline'}
      </p>
      {change ? (
        <p>
          <Tone better={change.better}>
            {change.arrow} {change.text}
          </Tone>{' '}
          <span className="badge">{change.significance}</span>
        </p>
      ) : null}
      {change?.pValues ? <p className="muted">{change.pValues}</p> : null}
      {card.repair && card.repair.ratio !== null ? (
        <p>
          Trust Repair Ratio {Math.round(card.repair.ratio * 100)}% ({label(card.repair.status)})
        </p>
      ) : null}
      {card.mixShift ? <p className="warn">⚠ The respondent mix differs from the baseline’s.</p> : null}
      {card.note ? <p className="muted">{card.note}</p> : null}
    </div>
  );
}

function commitmentOutcome(c: CommitmentView): string {
  if (c.status === 'open' && c.overdue) return 'Open, overdue';
  return label(c.status);
}

/** One or two sentences that say where the incident stands, written from the figures. */
export function reportSummary(dashboard: Dashboard, detail: ReportIncident): string[] {
  const out: string[] = [];
  const { actions, commitments, incident } = detail;
  const done = actions.filter((a) => a.status === 'done' || a.status === 'verified').length;
  const live = actions.filter((a) => a.status !== 'dropped').length;
  const overdue = actions.filter((a) => a.overdue).length;
  out.push(
    `${done} of ${live} corrective ${live === 1 ? 'action is' : 'actions are'} done` +
      (overdue ? `, ${overdue} overdue` : '') +
      '.',
  );
  const kept = commitments.filter((c) => c.status === 'kept_on_time').length;
  const broken = commitments.filter((c) => c.status === 'broken').length;
  const sayDo = incident.sayDo.ratio;
  out.push(
    `${commitments.length} ${commitments.length === 1 ? 'commitment' : 'commitments'}: ${kept} kept on time, ${broken} broken` +
      (sayDo === null ? '; none due yet.' : `; say–do ratio ${Math.round(sayDo * 100)}%.`),
  );
  const worse = dashboard.cards.filter((c) => {
    const w = describeChange(c);
    return w && c.change?.significant && w.better === false;
  });
  const better = dashboard.cards.filter((c) => {
    const w = describeChange(c);
    return w && c.change?.significant && w.better === true;
  });
  if (dashboard.cards.length > 0) {
    out.push(
      `Of ${dashboard.cards.length} measures, ${worse.length} ${worse.length === 1 ? 'is' : 'are'} significantly worse than before the incident` +
        (worse.length ? ` (${worse.map((c) => c.label).join(', ')})` : '') +
        ` and ${better.length} significantly better` +
        (dashboard.comparisons.tests > 1
          ? `, after adjusting for ${dashboard.comparisons.tests} comparisons.`
          : '.'),
    );
  }
  const open = dashboard.alerts.filter((a) => !a.acknowledgedAt).length;
  if (open) out.push(`${open} early-warning ${open === 1 ? 'alert is' : 'alerts are'} not yet acknowledged.`);
  return out;
}

function Report({ dashboard, detail }: { dashboard: Dashboard; detail: ReportIncident }) {
  const { incident, actions, commitments } = detail;
  const realism = new Map(dashboard.realism.map((r) => [r.commitmentId, r]));
  const title = `Board report: ${incident.title}`;
  const audience = dashboard.audience ? label(dashboard.audience) : 'All audiences';
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <title>{title}</title>
        <style dangerouslySetInnerHTML={{ __html: REPORT_CSS }} />
      </head>
      <body>
        <main>
          <h1>{title}</h1>
          <p className="meta">
            {dashboard.organization.name} · stage {label(incident.stage)} · {audience} · measured{' '}
            {formatDay(dashboard.period.from)} to {formatDay(dashboard.period.to)} against a baseline from{' '}
            {formatDay(dashboard.baseline.from)} to {formatDay(dashboard.baseline.to)} · per{' '}
            {dashboard.interval} · generated {formatDay(dashboard.generatedAt)}
          </p>

          <section aria-labelledby="summary">
            <h2 id="summary">Summary</h2>
            {incident.summary ? <p>{incident.summary}</p> : null}
            {reportSummary(dashboard, detail).map((s) => (
              <p key={s}>{s}</p>
            ))}
            {dashboard.series.length > 0 ? (
              <>
                <h3>Forecasts</h3>
                <ul className="sentences">
                  {dashboard.series.map((s) => (
                    <li key={s.key}>{forecastSentence(s.label, s.forecast)}</li>
                  ))}
                </ul>
              </>
            ) : null}
          </section>

          <section aria-labelledby="measures">
            <h2 id="measures">Measures against the baseline</h2>
            <p className="muted">
              Each figure is an estimate with its 95% interval; a change is “significant” when its test
              rejects no change after adjusting for the number of measures tested.{' '}
              {comparisonsSentence(dashboard.comparisons)}
            </p>
            <div className="cards">
              {dashboard.cards.map((c) => (
                <Card key={c.key} card={c} />
              ))}
            </div>
          </section>

          {dashboard.series.length > 0 ? (
            <section aria-labelledby="charts" className="page-break">
              <h2 id="charts">Measures over time</h2>
              {dashboard.series.map((s) => (
                <div className="chart" key={s.key}>
                  <h3>{s.label}</h3>
                  <TimeSeriesChart series={s} annotations={dashboard.annotations} />
                  <p className="muted">{forecastSentence(s.label, s.forecast)}</p>
                </div>
              ))}
            </section>
          ) : null}

          <section aria-labelledby="actions" className="page-break">
            <h2 id="actions">Corrective actions</h2>
            {actions.length === 0 ? (
              <p>No corrective actions recorded.</p>
            ) : (
              <table>
                <thead>
                  <tr>
                    <th scope="col">Action</th>
                    <th scope="col">Kind</th>
                    <th scope="col">Owner</th>
                    <th scope="col">Due</th>
                    <th scope="col">Status</th>
                  </tr>
                </thead>
                <tbody>
                  {actions.map((a) => (
                    <tr key={a.id}>
                      <td>{a.title}</td>
                      <td>{label(a.kind)}</td>
                      <td>{a.owner ?? '—'}</td>
                      <td className="num">{a.dueAt ? formatDay(a.dueAt) : '—'}</td>
                      <td>
                        {label(a.status)}
                        {a.overdue ? <span className="worse"> (overdue)</span> : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>

          <section aria-labelledby="commitments">
            <h2 id="commitments">Commitments</h2>
            {commitments.length === 0 ? (
              <p>No commitments recorded.</p>
            ) : (
              <table>
                <thead>
                  <tr>
                    <th scope="col">Commitment</th>
                    <th scope="col">Audience</th>
                    <th scope="col">Due</th>
                    <th scope="col">Outcome</th>
                  </tr>
                </thead>
                <tbody>
                  {commitments.map((c) => {
                    const r = realism.get(c.id);
                    return (
                      <tr key={c.id}>
                        <td>
                          {c.text}
                          {r?.flag === 'optimistic' ? (
                            <p className="warn">⚠ Optimistic timeline: {r.explanation}</p>
                          ) : null}
                        </td>
                        <td>{label(c.audience)}</td>
                        <td className="num">{c.dueAt ? formatDay(c.dueAt) : '—'}</td>
                        <td>{commitmentOutcome(c)}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            )}
          </section>

          <section aria-labelledby="alerts">
            <h2 id="alerts">Early-warning alerts</h2>
            {dashboard.alerts.length === 0 ? (
              <p>No alerts in this period.</p>
            ) : (
              <table>
                <thead>
                  <tr>
                    <th scope="col">Raised</th>
                    <th scope="col">Alert</th>
                    <th scope="col">Value (threshold)</th>
                    <th scope="col">Acknowledged</th>
                  </tr>
                </thead>
                <tbody>
                  {dashboard.alerts.map((a) => (
                    <tr key={a.id}>
                      <td className="num">{formatDay(a.raisedAt)}</td>
                      <td>
                        {a.message}{' '}
                        <span className="muted">
                          ({a.detector.toUpperCase()} on {a.metric})
                        </span>
                      </td>
                      <td className="num">
                        {formatValue('mean', a.value)} ({formatValue('mean', a.threshold)})
                      </td>
                      <td>{a.acknowledgedAt ? formatDay(a.acknowledgedAt) : 'Not yet'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          <footer>
            Generated by Amends from the incident’s records. Methods: docs/metrics.md and docs/dashboard.md.
          </footer>
        </main>
      </body>
    </html>
  );
}

/** The board report as a complete HTML document (user text escaped by React). */
export function renderReportHtml(dashboard: Dashboard, detail: ReportIncident): string {
  return `<!doctype html>${renderToStaticMarkup(<Report dashboard={dashboard} detail={detail} />)}`;
}

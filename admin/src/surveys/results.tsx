import { useId } from 'react';
import type { FormEvent } from 'react';
import { useSearchParams } from 'react-router-dom';
import { LoadError, Loading } from '../components/status.tsx';
import type { QuestionResult, SurveyQuestion, SurveyResults } from '../contract.ts';
import { surveys } from '../endpoints.ts';
import { formatRatio } from '../format.ts';
import { useLoad } from '../hooks.ts';

/**
 * A wave's results: response rate, per question its headline figure (NPS, CSAT or CES top box, or
 * the mean) and its distribution as a bar chart with the same counts in a table, free-text answers,
 * and a breakdown by a recipient attribute (kept in the URL as `by`) in which a hidden group says
 * "fewer than 5 — hidden" rather than showing nothing.
 */

/** The headline figure of a question, as words. */
export function headline(q: QuestionResult): string {
  if (q.n === 0) return 'No answers';
  if (q.nps) return `NPS ${q.nps.score > 0 ? '+' : ''}${Math.round(q.nps.score)}`;
  if (q.topBox && q.type === 'csat') return `CSAT ${formatRatio(q.topBox.share)} satisfied`;
  if (q.topBox && q.type === 'ces') return `CES ${formatRatio(q.topBox.share)} agree it was easy`;
  const mean = q.scoredMean ?? q.mean;
  if (mean !== null) return `Mean ${mean.toFixed(2)}${q.scoredMean !== null ? ' (reverse-scored)' : ''}`;
  return `${q.n} ${q.n === 1 ? 'answer' : 'answers'}`;
}

const BAR_H = 18;
const GAP = 6;
const LABEL_W = 130;
const WIDTH = 420;

function DistributionChart({
  question,
  labels,
}: {
  question: QuestionResult;
  labels: Record<string, string>;
}) {
  const id = useId();
  const entries = Object.entries(question.distribution ?? {});
  const max = Math.max(1, ...entries.map(([, v]) => v));
  const height = entries.length * (BAR_H + GAP);
  const nameOf = (k: string) => labels[k] ?? k;
  const top = entries.reduce<[string, number] | null>((b, e) => (b === null || e[1] > b[1] ? e : b), null);
  const summary = `${question.text}: ${question.n} ${question.n === 1 ? 'answer' : 'answers'}${
    top && top[1] > 0 ? `; most often ${nameOf(top[0])} (${top[1]})` : ''
  }.`;
  return (
    <div className="distribution">
      <svg
        role="img"
        aria-labelledby={`${id}-t`}
        viewBox={`0 0 ${WIDTH} ${height}`}
        className="distribution-chart"
        focusable="false"
      >
        <title id={`${id}-t`}>{summary}</title>
        {entries.map(([k, v], i) => {
          const y = i * (BAR_H + GAP);
          const w = (v / max) * (WIDTH - LABEL_W - 40);
          return (
            <g key={k}>
              <text x={LABEL_W - 6} y={y + BAR_H - 4} textAnchor="end" className="distribution-label">
                {nameOf(k).length > 20 ? `${nameOf(k).slice(0, 19)}…` : nameOf(k)}
              </text>
              <rect
                x={LABEL_W}
                y={y}
                width={Math.max(v > 0 ? 2 : 0, w)}
                height={BAR_H}
                className="volume-bar"
              />
              <text x={LABEL_W + w + 4} y={y + BAR_H - 4} className="distribution-label">
                {v}
              </text>
            </g>
          );
        })}
      </svg>
      <details>
        <summary>Counts</summary>
        <table className="volume-table">
          <caption className="visually-hidden">{question.text}: answers per choice</caption>
          <thead>
            <tr>
              <th scope="col">Answer</th>
              <th scope="col">People</th>
            </tr>
          </thead>
          <tbody>
            {entries.map(([k, v]) => (
              <tr key={k}>
                <th scope="row">{nameOf(k)}</th>
                <td className="num">{v}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </div>
  );
}

export function ResultsView({
  org,
  surveyId,
  questions,
}: {
  org: string;
  surveyId: string;
  questions: SurveyQuestion[];
}) {
  const [params, setParams] = useSearchParams();
  const by = params.get('by') ?? undefined;
  const results = useLoad(() => surveys.results(org, surveyId, by), [org, surveyId, by]);
  const onBy = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const v = String(new FormData(e.currentTarget).get('by') ?? '').trim();
    const next = new URLSearchParams(params);
    if (v) next.set('by', v);
    else next.delete('by');
    setParams(next);
  };
  const optionLabels = (id: string): Record<string, string> =>
    Object.fromEntries((questions.find((q) => q.id === id)?.options ?? []).map((o) => [o.id, o.label]));

  return (
    <section aria-labelledby="results">
      <h2 id="results">Results</h2>
      <form className="filters" role="search" aria-label="Break down results" onSubmit={onBy} key={by ?? ''}>
        <div className="field">
          <label htmlFor="results-by">Break down by attribute</label>
          <input id="results-by" name="by" defaultValue={by ?? ''} placeholder="e.g. region" />
        </div>
        <button type="submit">Show</button>
      </form>
      {results.error ? <LoadError error={results.error} retry={results.reload} /> : null}
      {!results.data && !results.error ? <Loading what="Loading results" /> : null}
      {results.data ? <Figures r={results.data} optionLabels={optionLabels} /> : null}
    </section>
  );
}

function Figures({
  r,
  optionLabels,
}: {
  r: SurveyResults;
  optionLabels: (id: string) => Record<string, string>;
}) {
  return (
    <>
      <dl className="stats">
        <div>
          <dt>Respondents</dt>
          <dd>
            {r.respondents}
            <span className="stat-detail">of {r.invited} invited</span>
          </dd>
        </div>
        <div>
          <dt>Response rate</dt>
          <dd>{formatRatio(r.responseRate)}</dd>
        </div>
        {r.questions
          .filter((q) => q.type === 'nps' || q.type === 'csat' || q.type === 'ces')
          .map((q) => (
            <div key={q.id}>
              <dt>{q.type.toUpperCase()}</dt>
              <dd>
                {r.suppressed ? 'Hidden' : headline(q).replace(/^(NPS|CSAT|CES) /, '')}
                <span className="stat-detail">
                  {r.suppressed ? 'fewer than 5 answers' : `${q.n} answers`}
                </span>
              </dd>
            </div>
          ))}
      </dl>
      {r.suppressed ? (
        <p className="notice">
          An anonymous wave shows no figures until at least {r.threshold ?? 5} people have answered.
        </p>
      ) : null}
      {r.breakdown ? <Breakdown r={r} /> : null}
      {r.suppressed ? null : (
        <ol className="question-results">
          {r.questions.map((q) => (
            <li key={q.id} className="theme-card">
              <h3>{q.text}</h3>
              <p className="muted small">
                {q.id} · {headline(q)} · {q.n} {q.n === 1 ? 'answer' : 'answers'}
                {q.nps
                  ? ` · ${q.nps.promoters} promoters, ${q.nps.passives} passives, ${q.nps.detractors} detractors`
                  : ''}
              </p>
              {q.distribution ? <DistributionChart question={q} labels={optionLabels(q.id)} /> : null}
              {q.verbatims && q.verbatims.length > 0 ? (
                <ul className="verbatims">
                  {q.verbatims.map((v, i) => (
                    <li key={i} className="feedback-text">
                      {v}
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </>
  );
}

/** One row per group; a hidden group says so in words, with no figures. */
function Breakdown({ r }: { r: SurveyResults }) {
  const b = r.breakdown!;
  const key = r.questions.filter((q) => q.type === 'nps' || q.type === 'csat' || q.type === 'ces');
  const shown = key.length > 0 ? key : r.questions.filter((q) => q.distribution).slice(0, 3);
  return (
    <div className="table-wrap breakdown">
      <table>
        <caption>Breakdown by {b.by}</caption>
        <thead>
          <tr>
            <th scope="col">{b.by}</th>
            <th scope="col">Respondents</th>
            {shown.map((q) => (
              <th scope="col" key={q.id}>
                {q.type === 'nps' || q.type === 'csat' || q.type === 'ces' ? q.type.toUpperCase() : q.id}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {b.groups.map((g, i) => (
            <tr key={`${g.value ?? ''}-${i}`}>
              <th scope="row">{g.value ?? <em>Not set</em>}</th>
              {g.suppressed ? (
                <td colSpan={shown.length + 1} className="suppressed">
                  <span aria-hidden="true">⊘ </span>Fewer than 5 — hidden
                </td>
              ) : (
                <>
                  <td className="num">{g.n}</td>
                  {shown.map((q) => {
                    const gq = g.questions.find((x) => x.id === q.id);
                    return (
                      <td key={q.id} className="num">
                        {gq ? headline(gq).replace(/^(NPS|CSAT|CES) /, '') : '—'}
                      </td>
                    );
                  })}
                </>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {b.groups.some((g) => g.suppressed) ? (
        <p className="muted small breakdown-note">
          In an anonymous wave a group of fewer than 5 people is hidden; when the hidden groups together hold
          fewer than 5, the smallest other group is hidden too, so that no one can work them out by
          subtraction.
        </p>
      ) : null}
    </div>
  );
}

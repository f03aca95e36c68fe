import { createHash } from 'node:crypto';
import type { ReactNode } from 'react';
import type { FieldError } from '../../domain/errors.ts';
import type { Question } from '../../domain/survey.ts';
import { DEFAULT_TEXT_MAX, scaleOf } from '../../domain/survey.ts';
import type { Catalogue, MessageKey } from '../../shared/i18n.ts';
import { t } from '../../shared/i18n.ts';
import { PUBLIC_CSS, PUBLIC_CSS_HASH, formatDate, render } from './layout.tsx';

/** Styles of the survey form only; allowed by hash beside the public style sheet. */
export const SURVEY_CSS = `
fieldset.q{border:1px solid var(--line);border-radius:6px;margin:1rem 0;padding:.6rem 1rem 1rem}fieldset.q legend{font-weight:600;padding:0 .3rem}
.q.invalid{border:2px solid var(--bad)}.field-error{color:var(--bad);font-weight:600;margin:.3rem 0}.hint{color:var(--muted);margin:.2rem 0}
.scale{display:flex;flex-wrap:wrap;gap:.35rem;margin:.4rem 0 0;padding:0;list-style:none}.scale li{display:flex}
.scale input{position:absolute;opacity:0;width:1px;height:1px}.scale label{font-weight:400;border:1px solid #6b7280;border-radius:4px;padding:.35rem .6rem;cursor:pointer;min-width:2.6rem;text-align:center}
.scale input:checked+label{background:var(--accent);color:#fff;border-color:var(--accent)}.scale input:focus-visible+label{outline:3px solid var(--accent);outline-offset:2px}
.scale .anchor{display:block;font-size:.85rem}.ends{display:flex;justify-content:space-between;color:var(--muted);font-size:.9rem;margin-top:.3rem}
ul.choices{list-style:none;padding:0;margin:.4rem 0 0}ul.choices li{display:flex;gap:.5rem;align-items:center;margin:.25rem 0}ul.choices label{display:inline;font-weight:400}
.error-summary{border:3px solid var(--bad);padding:.6rem 1rem;margin:1rem 0}.error-summary h2{margin-top:0;border:0;font-size:1.2rem}
label.text{font-weight:600}.required{font-weight:400;color:var(--muted)}
`;

const SURVEY_CSS_HASH = `'sha256-${createHash('sha256').update(SURVEY_CSS).digest('base64')}'`;

/** The survey pages' Content-Security-Policy: no scripts; the two inline style sheets; forms to ourselves. */
export const SURVEY_CSP = `default-src 'none'; style-src ${PUBLIC_CSS_HASH} ${SURVEY_CSS_HASH}; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`;

/** Values to show in the form: what was posted, or the answers on file. */
export type FormValues = Record<string, string | string[]>;

function Layout({
  c,
  title,
  site,
  children,
}: {
  c: Catalogue;
  title: string;
  site: string;
  children: ReactNode;
}) {
  return (
    <html lang={c.lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <meta name="referrer" content="no-referrer" />
        <title>{title}</title>
        <style dangerouslySetInnerHTML={{ __html: PUBLIC_CSS }} />
        <style dangerouslySetInnerHTML={{ __html: SURVEY_CSS }} />
      </head>
      <body>
        <a className="skip" href="#main">
          {t(c, 'incident.skip')}
        </a>
        <header className="site">
          <div>{site}</div>
        </header>
        <main id="main">{children}</main>
      </body>
    </html>
  );
}

/** The element an error summary link moves focus to: the first control of the question. */
export function firstControlId(q: Question): string {
  const scale = scaleOf(q.type);
  if (scale) return `q-${q.id}-${scale.min}`;
  if (q.type === 'single_choice' || q.type === 'multiple_choice')
    return `q-${q.id}-${q.options?.[0]?.id ?? ''}`;
  return `q-${q.id}-input`;
}

function anchor(c: Catalogue, q: Question, v: number): string | undefined {
  const scale = scaleOf(q.type)!;
  if (scale.labels === 'nps') {
    if (v === scale.min) return t(c, 'survey.scale.nps.low');
    if (v === scale.max) return t(c, 'survey.scale.nps.high');
    return undefined;
  }
  return t(c, `survey.scale.${scale.labels}.${v}` as MessageKey);
}

function QuestionField({
  c,
  q,
  value,
  error,
}: {
  c: Catalogue;
  q: Question;
  value: string | string[] | undefined;
  error: string | undefined;
}) {
  const errorId = `q-${q.id}-error`;
  const name = `q_${q.id}`;
  const picked = new Set(value === undefined ? [] : Array.isArray(value) ? value : [value]);
  const errorLine = error && (
    <p className="field-error" id={errorId}>
      {error}
    </p>
  );
  const required = q.required && <span className="required"> {t(c, 'survey.required')}</span>;
  if (q.type === 'text') {
    const hintId = `q-${q.id}-hint`;
    const max = q.maxLength ?? DEFAULT_TEXT_MAX;
    return (
      <div className={`q${error ? ' invalid' : ''}`} id={`q-${q.id}`}>
        <label className="text" htmlFor={`q-${q.id}-input`}>
          {q.text}
          {required}
        </label>
        <p className="hint" id={hintId}>
          {t(c, 'survey.textHint', { max: max.toLocaleString('en') })}
        </p>
        {errorLine}
        <textarea
          id={`q-${q.id}-input`}
          name={name}
          rows={5}
          maxLength={max}
          aria-describedby={error ? `${errorId} ${hintId}` : hintId}
          aria-invalid={error ? true : undefined}
          defaultValue={typeof value === 'string' ? value : ''}
        />
      </div>
    );
  }
  const scale = scaleOf(q.type);
  const common = {
    className: `q${error ? ' invalid' : ''}`,
    id: `q-${q.id}`,
    'aria-describedby': error ? errorId : undefined,
  };
  if (scale) {
    const points: number[] = [];
    for (let v = scale.min; v <= scale.max; v++) points.push(v);
    const everyPointLabelled = scale.labels !== 'nps';
    return (
      <fieldset {...common}>
        <legend>
          {q.text}
          {required}
        </legend>
        {errorLine}
        <ul className="scale">
          {points.map((v) => {
            const a = anchor(c, q, v);
            return (
              <li key={v}>
                <input
                  type="radio"
                  id={`q-${q.id}-${v}`}
                  name={name}
                  value={String(v)}
                  defaultChecked={picked.has(String(v))}
                  required={q.required}
                />
                <label htmlFor={`q-${q.id}-${v}`}>
                  {v}
                  {a && <span className="anchor">{a}</span>}
                </label>
              </li>
            );
          })}
        </ul>
        {!everyPointLabelled && (
          <p className="ends" aria-hidden="true">
            <span>
              {scale.min} = {anchor(c, q, scale.min)}
            </span>
            <span>
              {scale.max} = {anchor(c, q, scale.max)}
            </span>
          </p>
        )}
      </fieldset>
    );
  }
  const multiple = q.type === 'multiple_choice';
  return (
    <fieldset {...common}>
      <legend>
        {q.text}
        {required}
      </legend>
      {errorLine}
      <ul className="choices">
        {(q.options ?? []).map((o) => (
          <li key={o.id}>
            <input
              type={multiple ? 'checkbox' : 'radio'}
              id={`q-${q.id}-${o.id}`}
              name={name}
              value={o.id}
              defaultChecked={picked.has(o.id)}
            />
            <label htmlFor={`q-${q.id}-${o.id}`}>{o.label}</label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

export interface SurveyPageInput {
  orgName: string;
  title: string;
  anonymous: boolean;
  questions: Question[];
  action: string;
  values: FormValues;
  errors: FieldError[];
  editableUntil: string | null;
  contact: boolean;
}

/** The form behind a survey link: complete without JavaScript, errors summarized and tied to fields. */
export function surveyFormPage(c: Catalogue, p: SurveyPageInput): string {
  const errorOf = new Map(p.errors.map((e) => [e.path.replace(/^answers\./, ''), e.message]));
  const title = p.errors.length > 0 ? `${t(c, 'survey.errorsTitle')}: ${p.title}` : p.title;
  return render(
    <Layout c={c} title={`${title} — ${p.orgName}`} site={p.orgName}>
      <h1>{p.title}</h1>
      {p.errors.length > 0 && (
        <div className="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1}>
          <h2 id="error-summary-title">{t(c, 'survey.errorsTitle')}</h2>
          <p>{t(c, 'survey.errorsIntro')}</p>
          <ul>
            {p.questions
              .filter((q) => errorOf.has(q.id))
              .map((q) => (
                <li key={q.id}>
                  <a href={`#${firstControlId(q)}`}>
                    {q.text}: {errorOf.get(q.id)}
                  </a>
                </li>
              ))}
          </ul>
        </div>
      )}
      <p>{t(c, 'survey.intro', { org: p.orgName })}</p>
      {p.anonymous && <p className="notice">{t(c, 'survey.anonymousNote')}</p>}
      {p.editableUntil && (
        <p className="notice">{t(c, 'survey.editing', { until: formatDate(p.editableUntil) })}</p>
      )}
      <p className="hint">{t(c, 'survey.requiredNote')}</p>
      <form method="post" action={p.action} noValidate>
        {p.questions.map((q) => (
          <QuestionField key={q.id} c={c} q={q} value={p.values[q.id]} error={errorOf.get(q.id)} />
        ))}
        {!p.anonymous && (
          <p className="check">
            <input type="checkbox" id="contact" name="contact" value="yes" defaultChecked={p.contact} />
            <label htmlFor="contact">{t(c, 'survey.consent')}</label>
          </p>
        )}
        <p>
          <button type="submit">{t(c, 'survey.submit')}</button>
        </p>
      </form>
    </Layout>,
  );
}

/** After answering: thanks, and until when the same link changes the answers. */
export function surveyThanksPage(
  c: Catalogue,
  orgName: string,
  editableUntil: string | null,
  editHref: string,
): string {
  return render(
    <Layout c={c} title={`${t(c, 'survey.thanksTitle')} — ${orgName}`} site={orgName}>
      <h1>{t(c, 'survey.thanksTitle')}</h1>
      <p>{t(c, 'survey.thanksText')}</p>
      {editableUntil && (
        <p>
          {t(c, 'survey.thanksEdit', { until: formatDate(editableUntil) })}{' '}
          <a href={editHref}>{t(c, 'survey.thanksEditLink')}</a>.
        </p>
      )}
    </Layout>,
  );
}

/** A page for a link that cannot be answered (gone, used, not open, invalid). */
export function surveyMessagePage(c: Catalogue, heading: string, text: string): string {
  return render(
    <Layout c={c} title={heading} site="Amends">
      <h1>{heading}</h1>
      <p>{text}</p>
    </Layout>,
  );
}

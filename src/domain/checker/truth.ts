import * as chrono from 'chrono-node';
import { finding } from './rule.ts';
import type { Doc, Sentence } from './text.ts';
import { inSentence, matchAll, normalize } from './text.ts';
import type { CheckRecord, Finding, RecordAction, RecordCommitment, RuleInfo } from './types.ts';

/**
 * Truth against the record: what the statement claims and promises, checked against the incident's
 * actions and commitments (say–do, research §2.12; Simons 2002), and facts checked against earlier
 * published statements (LANG-N21; Schweitzer et al. 2006). The author links passages of the
 * statement to the record (`record.links`); a claim or promise is linked when a linked passage
 * overlaps its sentence.
 */

const SAYDO =
  'Simons 2002 (behavioral integrity); Schweitzer et al. 2006 (promises); research §2.12, §3.7 TIME-G6';

export const TRUTH_RULES = {
  claim: {
    id: 'TRUTH-CLAIM',
    title: 'Claim contradicts the record',
    defaultSeverity: 'high',
    citation: SAYDO,
  },
  unlinked: {
    id: 'TRUTH-UNLINKED',
    title: 'Completion claim not linked to an action',
    defaultSeverity: 'medium',
    citation: SAYDO,
  },
  promise: {
    id: 'TRUTH-PROMISE',
    title: 'Promise not registered as a commitment',
    defaultSeverity: 'low',
    citation: SAYDO,
  },
  date: {
    id: 'TRUTH-DATE',
    title: 'Promised date does not match the record',
    defaultSeverity: 'medium',
    citation: `${SAYDO}; research §2.11 (realistic timelines)`,
  },
  prior: {
    id: 'LANG-N21',
    title: 'Inconsistent with prior statements',
    defaultSeverity: 'high',
    citation: 'Schweitzer, Hershey & Bradlow 2006 (deception); Kim et al. 2004; research §6.1 N21',
  },
} as const satisfies Record<string, RuleInfo>;

// ── Linking ────────────────────────────────────────────────────────────────────────────────────

interface LinkSpan {
  start: number;
  end: number;
  actionId?: string | undefined;
  commitmentId?: string | undefined;
}

function linkSpans(doc: Doc, record: CheckRecord): LinkSpan[] {
  const out: LinkSpan[] = [];
  for (const link of record.links) {
    const quote = link.quote.trim();
    if (quote.length === 0) continue;
    let found = false;
    for (const [hay, needle] of [
      [doc.text, quote],
      [doc.norm, normalize(quote)],
    ] as const) {
      for (let i = hay.indexOf(needle); i !== -1; i = hay.indexOf(needle, i + 1)) {
        out.push({
          start: i,
          end: i + needle.length,
          actionId: link.actionId,
          commitmentId: link.commitmentId,
        });
        found = true;
      }
      if (found) break;
    }
  }
  return out;
}

function linksOver(links: LinkSpan[], s: { start: number; end: number }): LinkSpan[] {
  return links.filter((l) => l.start < s.end && l.end > s.start);
}

// ── Claims of completion ─────────────────────────────────────────────────────────────────────

const DONE_VERBS =
  'fixed|patched|closed|removed|rotated|revoked|deployed|completed|finished|resolved|restored|remediated|installed|enabled|disabled|deleted|replaced|upgraded|updated|encrypted|notified|contacted|refunded|credited|implemented|introduced|added|hired|appointed|retained|engaged|ended|stopped|terminated|blocked|secured|contained|trained|migrated|rolled out|rolled back|mitigated|addressed|launched|published|audited|reimbursed|paid|emailed|informed|repaired|corrected';
const HAVE_ONLY = 'reset|put in place|shut down|taken down|taken offline|set up|sent|made';

const COMPLETION = new RegExp(
  String.raw`\b(?:we|i)(?:'ve| have| had)(?: (?:now|already|since|successfully|fully|also|just|completely|all))* (?:${DONE_VERBS}|${HAVE_ONLY})\b` +
    String.raw`|\b(?:we|i)(?: (?:now|already|since|successfully|fully|also|just|completely))* (?:${DONE_VERBS})\b` +
    String.raw`|\b(?:is|are|has been|have been|was|were)(?: (?:now|fully|already|successfully|completely|all))* (?:fixed|resolved|patched|closed|remediated|completed|restored|removed|addressed|contained|mitigated|secured|deployed|rotated|reset|revoked|deleted|done|in place|live|enabled|encrypted|implemented|finished|refunded|notified)\b`,
  'g',
);

const NOT_YET = /\b(?:once|until|when|after|before|if|unless|will|would|should|could|soon as)\b[^.]*$/;

function candidates(record: CheckRecord, sentence: string) {
  const words = new Set(sentence.match(/[a-z]{4,}/g) ?? []);
  return record.actions
    .map((a) => ({
      a,
      score: (normalize(a.title).match(/[a-z]{4,}/g) ?? []).filter((w) => words.has(w)).length,
    }))
    .filter((x) => x.score > 0)
    .sort((x, y) => y.score - x.score)
    .slice(0, 3)
    .map(({ a }) => ({ id: a.id, title: a.title, status: a.status }));
}

const DONE = new Set(['done', 'verified']);
const KEPT = new Set(['kept', 'kept_on_time', 'kept_late']);

function checkClaims(doc: Doc, record: CheckRecord, links: LinkSpan[]): Finding[] {
  const out: Finding[] = [];
  const actions = new Map(record.actions.map((a) => [a.id, a]));
  const commitments = new Map(record.commitments.map((c) => [c.id, c]));
  for (const s of doc.sentences) {
    const sentence = doc.norm.slice(s.start, s.end);
    for (const m of inSentence(doc, s, COMPLETION)) {
      if (NOT_YET.test(doc.norm.slice(s.start, m.start))) continue;
      const linked = linksOver(links, s);
      const span = { start: m.start, end: m.end };
      if (linked.length === 0) {
        out.push(
          finding(
            doc,
            TRUTH_RULES.unlinked,
            span,
            'medium',
            'This claims work is finished, but no action of the record backs it. Which action is it?',
            'Link this passage to the corrective action it reports, so the claim is checked against its status.',
            { claim: doc.text.slice(s.start, s.end), candidates: candidates(record, sentence) },
          ),
        );
        continue;
      }
      for (const l of linked) {
        const action = l.actionId ? actions.get(l.actionId) : undefined;
        const commitment = l.commitmentId ? commitments.get(l.commitmentId) : undefined;
        if (l.actionId && !action) {
          out.push(
            finding(
              doc,
              TRUTH_RULES.unlinked,
              span,
              'medium',
              `The linked action ${l.actionId} is not in this incident's record.`,
              'Link the passage to an existing action.',
              { actionId: l.actionId },
            ),
          );
        }
        if (action && !DONE.has(action.status)) {
          out.push(
            finding(
              doc,
              TRUTH_RULES.claim,
              span,
              'high',
              `This says the work is done, but the linked action "${action.title}" is ${action.status.replace('_', ' ')}.`,
              action.status === 'dropped'
                ? 'Do not claim dropped work: say it was dropped and why, or reopen the action.'
                : 'Say what is true today ("we are resetting…, and expect to finish by …"), or mark the action done first.',
              { actionId: action.id, actionStatus: action.status },
            ),
          );
        }
        if (commitment && !KEPT.has(commitment.status)) {
          out.push(
            finding(
              doc,
              TRUTH_RULES.claim,
              span,
              'high',
              `This says the promise is kept, but the linked commitment "${commitment.text}" is ${commitment.status.replace(/_/g, ' ')}.`,
              'Report progress instead of completion until the commitment is kept.',
              { commitmentId: commitment.id, commitmentStatus: commitment.status },
            ),
          );
        }
      }
    }
  }
  return out;
}

// ── Promises ──────────────────────────────────────────────────────────────────────────────────

const PROMISE =
  /\b(?:we|i)(?:'ll| will| shall| are going to| am going to|'re going to| commit to| promise to| pledge to)\b|\bwill be (?:\w+ed|done|complete|in place|live|available|ready|finished)\b(?= (?:by|within|before|no later than|on|in)\b)/;

interface ParsedDate {
  iso: string;
  text: string;
}

/** Reads the first date in a passage, relative to `now`. Dates without a time mean the end of that day (UTC). */
export function parseDue(text: string, now: string, forward = true): ParsedDate | null {
  const ref = new Date(now);
  if (Number.isNaN(ref.getTime())) return null;
  const [r] = chrono.en.parse(text, { instant: ref, timezone: 0 }, { forwardDate: forward });
  if (!r) return null;
  const c = r.start;
  let iso: string;
  if (c.isCertain('hour')) {
    iso = c.date().toISOString();
  } else {
    const y = c.get('year')!;
    const mo = String(c.get('month')!).padStart(2, '0');
    const d = String(c.get('day')!).padStart(2, '0');
    iso = `${y}-${mo}-${d}T23:59:59.999Z`;
  }
  return { iso, text: r.text };
}

function day(iso: string): string {
  return new Date(iso).toISOString().slice(0, 10);
}

function earlier(promised: string, due: string | null): boolean {
  return due !== null && Date.parse(promised) < Date.parse(due);
}

function checkPromises(doc: Doc, record: CheckRecord, links: LinkSpan[]): Finding[] {
  const out: Finding[] = [];
  const actions = new Map(record.actions.map((a) => [a.id, a]));
  const commitments = new Map(record.commitments.map((c) => [c.id, c]));
  for (const s of doc.sentences) {
    const due = parseDue(doc.text.slice(s.start, s.end), record.now);
    // "By 15 March, every affected account will get…" promises without a "we will".
    const m = inSentence(doc, s, PROMISE)[0] ?? (due ? inSentence(doc, s, /\bwill\b/)[0] : undefined);
    if (!m) continue;
    const text = doc.text.slice(s.start, s.end).trim();
    const span = sentenceSpan(doc, s, m.start);
    const linked = linksOver(links, s);
    const commitmentLinks = linked.filter((l) => l.commitmentId && commitments.has(l.commitmentId));
    const linkedActions = [
      ...linked.map((l) => (l.actionId ? actions.get(l.actionId) : undefined)),
      ...commitmentLinks.flatMap((l) =>
        (commitments.get(l.commitmentId!)!.actionIds ?? []).map((id) => actions.get(id)),
      ),
    ].filter((a): a is RecordAction => a !== undefined);

    if (commitmentLinks.length === 0) {
      const actionId = linked.find((l) => l.actionId)?.actionId;
      out.push(
        finding(
          doc,
          TRUTH_RULES.promise,
          span,
          'low',
          'This is a promise, and no commitment in the register tracks it. Register it so the public page shows whether it was kept.',
          due
            ? `Register a commitment: "${text}", due ${day(due.iso)}.`
            : 'Register a commitment with a due date, or reword this so it is not a promise.',
          { promise: text, dueAt: due?.iso ?? null, dueText: due?.text ?? null, actionId: actionId ?? null },
        ),
      );
    }
    for (const l of commitmentLinks) {
      const c: RecordCommitment = commitments.get(l.commitmentId!)!;
      if (due && c.dueAt && day(due.iso) !== day(c.dueAt)) {
        out.push(
          finding(
            doc,
            TRUTH_RULES.date,
            span,
            'medium',
            `The statement promises ${day(due.iso)} ("${due.text}"), but the linked commitment is due ${day(c.dueAt)}.`,
            'Use the same date as the register, or renegotiate the commitment openly first.',
            { commitmentId: c.id, promisedAt: due.iso, commitmentDueAt: c.dueAt },
          ),
        );
      }
    }
    for (const a of new Map(linkedActions.map((x) => [x.id, x])).values()) {
      if (a.status === 'dropped') {
        out.push(
          finding(
            doc,
            TRUTH_RULES.claim,
            span,
            'high',
            `This promises work whose linked action "${a.title}" was dropped.`,
            'Do not promise dropped work; say it was dropped and what replaces it, or reopen the action.',
            { actionId: a.id, actionStatus: a.status },
          ),
        );
      } else if (due && !DONE.has(a.status) && earlier(due.iso, a.dueAt)) {
        out.push(
          finding(
            doc,
            TRUTH_RULES.date,
            span,
            'medium',
            `The statement promises ${day(due.iso)} ("${due.text}"), earlier than the linked action "${a.title}", due ${day(a.dueAt!)}.`,
            `Promise the date the plan supports (${day(a.dueAt!)}), or bring the action's due date forward first.`,
            { actionId: a.id, promisedAt: due.iso, actionDueAt: a.dueAt },
          ),
        );
      }
    }
  }
  return out;
}

function sentenceSpan(doc: Doc, s: Sentence, from: number): { start: number; end: number } {
  let end = s.end;
  while (end > from && /[.!?;:,\s]/.test(doc.text[end - 1]!)) end--;
  return { start: from, end };
}

// ── Consistency with prior statements (LANG-N21) ─────────────────────────────────────────────────

interface CountFact {
  kind: 'count';
  key: string;
  low: number;
  high: number;
  start: number;
  end: number;
  text: string;
}
interface DataFact {
  kind: 'data';
  key: string;
  exposed: boolean;
  start: number;
  end: number;
  text: string;
}
interface DateFact {
  kind: 'date';
  key: 'began' | 'detected';
  day: string;
  start: number;
  end: number;
  text: string;
}
type Fact = CountFact | DataFact | DateFact;

const POPULATION: Record<string, string> = {
  customer: 'customer',
  client: 'client',
  user: 'user',
  employee: 'employee',
  staff: 'employee',
  account: 'account',
  people: 'people',
  person: 'people',
  individual: 'people',
  patient: 'patient',
  member: 'member',
  record: 'record',
  subscriber: 'subscriber',
  student: 'student',
  passenger: 'passenger',
  household: 'household',
  merchant: 'merchant',
  device: 'device',
};

const COUNT =
  /\b(?:(about|approximately|around|roughly|nearly|almost|some|an estimated|up to|more than|over|at least|fewer than|less than|under) )?(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?: ?(thousand|million|k|m)\b)? (?:(?:affected|impacted|current|former|of our|individual|unique|customer|user|employee|past|active|our) ){0,3}(customers?|clients?|users?|employees?|staff|accounts?|people|persons?|individuals?|patients?|members?|records?|subscribers?|students?|passengers?|households?|merchants?|devices?)\b/g;

const DATA_TYPES: [string, RegExp][] = [
  ['passwords', /\bpasswords?\b|\bcredentials\b/],
  ['payment', /\b(?:payment|credit|debit|bank|card|financial)\b/],
  ['email', /\be-?mail(?: address(?:es)?)?s?\b/],
  ['names', /\bnames?\b/],
  ['addresses', /\b(?:postal|home|street|mailing) address(?:es)?\b|\baddresses\b/],
  ['phone', /\bphone(?: numbers?)?\b|\btelephone\b/],
  ['birth', /\bdates? of birth\b|\bbirth ?dates?\b/],
  ['national-id', /\b(?:social security|national insurance|passport|national id|tax id)\b/],
  ['health', /\b(?:health|medical|clinical|diagnos\w+)\b/],
  ['data', /\b(?:data|information|details|records)\b/],
];
const EXPOSURE =
  /\b(?:accessed|exposed|stolen|taken|copied|exfiltrated|compromised|leaked|viewed|affected|breached|downloaded|obtained|involved|impacted|at risk)\b/;
const NEGATION = /\b(?:no|not|none|never|neither|nor|n't)\b|n't\b/;

const DATE_EVENT =
  /\b(?:(began|started|occurred|happened|took place|first (?:occurred|happened)|(?:was |were )?(?:first )?(?:detected|discovered|identified|noticed)|we (?:first )?(?:detected|discovered|identified|noticed|learned|became aware))(?: (?:of )?(?:it|this|the \w+))?) on ([^.,;]{3,40})/g;

const CORRECTION =
  /\b(?:previously|earlier (?:we )?(?:said|reported|stated)|we (?:said|reported|stated) (?:earlier|before|on)|correct(?:ion|ing|ed)?|revised|update[sd]? (?:figure|number|count|estimate)|now know|initially (?:said|reported|believed|thought))\b/;

function factsOf(text: string, now: string): Fact[] {
  const doc = { text, norm: normalize(text) };
  const facts: Fact[] = [];
  const whole = { start: 0, end: text.length };
  for (const m of matchAll(doc as Doc, COUNT, whole.start, whole.end)) {
    const [qual, num, mult, noun] = m.groups;
    let n = Number(num!.replace(/,/g, ''));
    if (mult === 'thousand' || mult === 'k') n *= 1000;
    if (mult === 'million' || mult === 'm') n *= 1_000_000;
    const stem = noun!.replace(/(?:s|es)$/, '').replace(/^persons?$/, 'person');
    const key = POPULATION[stem] ?? POPULATION[noun!] ?? noun!;
    let low = n;
    let high = n;
    if (qual && /about|approximately|around|roughly|nearly|almost|some|estimated/.test(qual)) {
      low = n * 0.9;
      high = n * 1.1;
    } else if (qual && /more than|over|at least/.test(qual)) high = Infinity;
    else if (qual && /up to|fewer than|less than|under/.test(qual)) low = 0;
    facts.push({
      kind: 'count',
      key,
      low,
      high,
      start: m.start,
      end: m.end,
      text: text.slice(m.start, m.end),
    });
  }
  // Data exposure, clause by clause: "names were accessed, but no passwords were".
  const clauseRe = /[^.;:!?,]+/g;
  for (const sentence of doc.norm.matchAll(/[^.!?]+[.!?]?/g)) {
    const sStart = sentence.index;
    if (!EXPOSURE.test(sentence[0])) continue;
    for (const clause of sentence[0].matchAll(clauseRe)) {
      const c = clause[0];
      const lead = /^\s*(?:(?:and|but|while|whereas|although|however|so)\b\s*)?/.exec(c)![0].length;
      const start = sStart + clause.index + lead;
      const end = sStart + clause.index + c.trimEnd().length;
      if (end <= start) continue;
      // A clause about something else ("we reset passwords, and no data was accessed") is no claim
      // about exposure; a verbless fragment ("but no passwords") inherits the sentence's verb.
      if (!EXPOSURE.test(c) && c.trim().split(/\s+/).length > 4) continue;
      const negative = NEGATION.test(c) || /\bno evidence\b/.test(c);
      for (const [key, re] of DATA_TYPES) {
        const hit = re.exec(c);
        if (!hit) continue;
        if (key === 'data' && DATA_TYPES.some(([k, r]) => k !== 'data' && r.test(c))) continue;
        facts.push({ kind: 'data', key, exposed: !negative, start, end, text: text.slice(start, end) });
      }
    }
  }
  for (const m of matchAll(doc as Doc, DATE_EVENT, whole.start, whole.end)) {
    const verb = m.groups[0]!;
    const parsed = parseDue(m.groups[1]!, now, false);
    if (!parsed) continue;
    const key = /detect|discover|identif|notic|learn|aware/.test(verb) ? 'detected' : 'began';
    facts.push({
      kind: 'date',
      key,
      day: parsed.iso.slice(0, 10),
      start: m.start,
      end: m.end,
      text: text.slice(m.start, m.end),
    });
  }
  return facts;
}

function contradicts(a: Fact, b: Fact, aAll: Fact[], bAll: Fact[]): boolean {
  if (a.kind === 'count' && b.kind === 'count') {
    if (a.key !== b.key) return false;
    // Only a single figure per population on each side is compared: "48,000 employees were told; 2,000
    // employees had bank details exposed" has two populations under one noun.
    const distinct = (all: Fact[]) =>
      new Set(
        all
          .filter((f): f is CountFact => f.kind === 'count' && f.key === a.key)
          .map((f) => `${f.low}-${f.high}`),
      ).size;
    if (distinct(aAll) !== 1 || distinct(bAll) !== 1) return false;
    return a.high < b.low || b.high < a.low;
  }
  if (a.kind === 'data' && b.kind === 'data') {
    if (a.exposed === b.exposed) return false;
    const negative = a.exposed ? b : a;
    const positive = a.exposed ? a : b;
    // "No data was accessed" covers every type; "no passwords were" covers only passwords.
    return negative.key === 'data' || negative.key === positive.key;
  }
  if (a.kind === 'date' && b.kind === 'date') return a.key === b.key && a.day !== b.day;
  return false;
}

function describe(f: Fact): string {
  if (f.kind === 'count') return 'the number affected';
  if (f.kind === 'data')
    return f.key === 'data' ? 'whether data was exposed' : `whether ${f.key} data was exposed`;
  return f.key === 'began' ? 'when it began' : 'when it was detected';
}

function checkPrior(doc: Doc, record: CheckRecord): Finding[] {
  if (record.priorStatements.length === 0) return [];
  const mine = factsOf(doc.text, record.now);
  if (mine.length === 0) return [];
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const prior of record.priorStatements) {
    const theirs = factsOf(prior.text, prior.publishedAt || record.now);
    for (const f of mine) {
      const other = theirs.find((t) => contradicts(f, t, mine, theirs));
      if (!other) continue;
      const key = `${f.start}:${f.end}:${prior.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const s = doc.sentences.find((x) => f.start >= x.start && f.start < x.end);
      const corrected = s !== undefined && CORRECTION.test(doc.norm.slice(s.start, s.end));
      out.push(
        finding(
          doc,
          TRUTH_RULES.prior,
          f,
          corrected ? 'low' : 'high',
          `This contradicts the statement to ${prior.audience} published ${prior.publishedAt.slice(0, 10)} about ${describe(f)}: it said "${other.text.trim()}".` +
            (corrected
              ? ' The sentence acknowledges a correction, which is what research recommends.'
              : ' Unexplained contradictions read as deception, and trust after deception rarely recovers.'),
          corrected
            ? 'Keep the correction explicit: say what was said before, what is true now, and why it changed.'
            : `If the new figure is right, say so openly: "On ${prior.publishedAt.slice(0, 10)} we said ${other.text.trim()}; that was wrong. …"`,
          { priorStatementId: prior.id, priorAudience: prior.audience, priorText: other.text.trim() },
        ),
      );
    }
  }
  return out;
}

/** Runs every truth rule against the record. */
export function checkTruth(doc: Doc, record: CheckRecord): Finding[] {
  const links = linkSpans(doc, record);
  return [
    ...checkClaims(doc, record, links),
    ...checkPromises(doc, record, links),
    ...checkPrior(doc, record),
  ];
}

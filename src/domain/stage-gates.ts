import type { Stage, TrustDimension } from '../shared/enums.ts';
import { label } from '../shared/enums.ts';
import type { CorrectiveAction } from './action.ts';
import { isActive, isComplete } from './action.ts';
import type { Commitment } from './commitment.ts';
import { SAY_DO_ALERT_BELOW, sayDo } from './commitment.ts';
import { AppError, invalid } from './errors.ts';
import type { Incident, RuleFinding } from './incident.ts';
import { nextStage, stageIndex } from './incident.ts';
import type { RootCause } from './root-cause.ts';

/**
 * The Gillespie & Dietz (2009) stage machine, respond → diagnose → reform → evaluate → closed, with
 * the gates of research §3.4 (Table D) as rules GD-D1…GD-D4. Guards block a move forward; warnings
 * are advice the console shows beside them.
 */

const CITATION = 'Gillespie & Dietz 2009, Academy of Management Review 34(1); research §3.4';

export interface StageContext {
  incident: Pick<Incident, 'stage' | 'investigationOwner' | 'disclosedAt'>;
  rootCauses: Pick<RootCause, 'id' | 'dimensions' | 'systemic' | 'description'>[];
  actions: Pick<
    CorrectiveAction,
    | 'id'
    | 'title'
    | 'status'
    | 'repairLogic'
    | 'dimensions'
    | 'rootCauseIds'
    | 'owner'
    | 'dueAt'
    | 'verificationMethod'
  >[];
  commitments: Pick<
    Commitment,
    'id' | 'text' | 'status' | 'dueAt' | 'originalDueAt' | 'owner' | 'verification' | 'actionIds'
  >[];
  now: string;
}

interface Gate {
  guards: RuleFinding[];
  warnings: RuleFinding[];
}

function finding(rule: string, message: string, remedy: string): RuleFinding {
  return { rule, message, remedy, citation: CITATION };
}

function joinAnd(items: string[]): string {
  return items.length <= 1
    ? (items[0] ?? '')
    : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function quote(s: string, max = 60): string {
  return `“${s.length > max ? `${s.slice(0, max - 1)}…` : s}”`;
}

/** GD-D1: leaving immediate response. */
function respondGate(ctx: StageContext): Gate {
  const guards: RuleFinding[] = [];
  if (!ctx.incident.investigationOwner?.trim()) {
    guards.push(
      finding(
        'GD-D1',
        'No one is named as the owner of the investigation.',
        'Set the incident’s investigation owner.',
      ),
    );
  }
  if (!ctx.incident.disclosedAt) {
    guards.push(
      finding(
        'GD-D1',
        'The incident has not been acknowledged to the people affected.',
        'Record when the first statement reached the affected groups (disclosedAt).',
      ),
    );
  }
  return { guards, warnings: [] };
}

/** GD-D2: leaving diagnosis. */
function diagnoseGate(ctx: StageContext): Gate {
  const guards: RuleFinding[] = [];
  const warnings: RuleFinding[] = [];
  if (ctx.rootCauses.length === 0) {
    guards.push(
      finding(
        'GD-D2',
        'No root cause has been recorded.',
        'Record at least one root cause with its component and the trust dimensions it implicates.',
      ),
    );
  } else if (ctx.rootCauses.every((r) => !r.systemic)) {
    warnings.push(
      finding(
        'GD-D2',
        'Every root cause is attributed to individuals; systemic causes may remain (scapegoating risk).',
        'Check leadership, culture, strategy and structures for a systemic cause.',
      ),
    );
  }
  return { guards, warnings };
}

/** GD-D3: leaving reform. */
function reformGate(ctx: StageContext): Gate {
  const guards: RuleFinding[] = [];
  const warnings: RuleFinding[] = [];
  const active = ctx.actions.filter(isActive);
  if (!active.some((a) => a.repairLogic === 'distrust_regulation')) {
    guards.push(
      finding(
        'GD-D3',
        'No distrust-regulation action (controls, monitoring, sanctions) is in the plan.',
        'Add an action with repair logic “distrust regulation”.',
      ),
    );
  }
  if (!active.some((a) => a.repairLogic === 'trustworthiness_demonstration')) {
    guards.push(
      finding(
        'GD-D3',
        'No trustworthiness-demonstration action (apology, reparation, visible change) is in the plan.',
        'Add an action with repair logic “trustworthiness demonstration”.',
      ),
    );
  }
  const implicated = new Set<TrustDimension>(ctx.rootCauses.flatMap((r) => r.dimensions));
  const covered = new Set<TrustDimension>(active.flatMap((a) => a.dimensions));
  for (const d of implicated) {
    if (!covered.has(d)) {
      guards.push(
        finding(
          'GD-D3',
          `The diagnosis implicates ${d}, and no action in the plan targets it.`,
          `Tag an action with the ${d} dimension, or add one that repairs it.`,
        ),
      );
    }
  }
  for (const r of ctx.rootCauses) {
    if (!active.some((a) => a.rootCauseIds.includes(r.id))) {
      guards.push(
        finding(
          'GD-D3',
          `Root cause ${quote(r.description)} is not addressed by any action.`,
          'Link an action to this root cause.',
        ),
      );
    }
  }
  // Table D's exit criterion "all interventions registered as commitments" is advice, not a guard:
  // some work is internal, and forcing a public promise for it would invite vague ones (LANG-N14).
  const promised = new Set(ctx.commitments.flatMap((c) => c.actionIds));
  const unpromised = active.filter((a) => !promised.has(a.id));
  if (unpromised.length > 0) {
    warnings.push(
      finding(
        'GD-D3',
        `${unpromised.length} action${unpromised.length === 1 ? ' is' : 's are'} not behind any commitment, so nobody outside can hold you to ${unpromised.length === 1 ? 'it' : 'them'}.`,
        'Register a commitment for each intervention people should be able to check.',
      ),
    );
  }
  for (const a of active) {
    const missing = [
      a.owner?.trim() ? null : 'an owner',
      a.dueAt ? null : 'a due date',
      a.verificationMethod?.trim() ? null : 'a verification method',
    ].filter((m): m is string => m !== null);
    if (missing.length > 0) {
      guards.push(
        finding(
          'GD-D3',
          `Action ${quote(a.title)} is missing ${joinAnd(missing)}.`,
          `Give the action ${missing.join(' and ')}.`,
        ),
      );
    }
  }
  return { guards, warnings };
}

/** GD-D4: leaving evaluation (closing). */
function evaluateGate(ctx: StageContext): Gate {
  const guards: RuleFinding[] = [];
  const warnings: RuleFinding[] = [];
  for (const c of ctx.commitments.filter((c) => c.status === 'open')) {
    guards.push(
      finding(
        'GD-D4',
        `Commitment ${quote(c.text)} is still open.`,
        'Keep it, or withdraw or renegotiate it with an explanation.',
      ),
    );
  }
  for (const a of ctx.actions.filter((a) => isActive(a) && !isComplete(a))) {
    guards.push(
      finding(
        'GD-D4',
        `Action ${quote(a.title)} is ${label(a.status).toLowerCase()}.`,
        'Finish it, or drop it with a reason.',
      ),
    );
  }
  const ratio = sayDo(ctx.commitments, ctx.now).ratio;
  if (ratio !== null && ratio < SAY_DO_ALERT_BELOW) {
    warnings.push(
      finding(
        'GD-D4',
        `The say–do ratio is ${Math.round(ratio * 100)}%, below ${SAY_DO_ALERT_BELOW * 100}%: declaring victory now risks credibility.`,
        'Report the broken and late promises openly before closing (Simons 2002).',
      ),
    );
  }
  return { guards, warnings };
}

function gateFor(stage: Stage, ctx: StageContext): Gate {
  switch (stage) {
    case 'respond':
      return respondGate(ctx);
    case 'diagnose':
      return diagnoseGate(ctx);
    case 'reform':
      return reformGate(ctx);
    case 'evaluate':
      return evaluateGate(ctx);
    case 'closed':
      return { guards: [], warnings: [] };
  }
}

export interface Readiness {
  next: Stage | null;
  ready: boolean;
  unmet: RuleFinding[];
  warnings: RuleFinding[];
}

/** What stands between the incident and its next stage. */
export function readiness(ctx: StageContext): Readiness {
  const next = nextStage(ctx.incident.stage);
  if (!next) return { next: null, ready: false, unmet: [], warnings: [] };
  const gate = gateFor(ctx.incident.stage, ctx);
  return { next, ready: gate.guards.length === 0, unmet: gate.guards, warnings: gate.warnings };
}

/**
 * Checks a stage change. Forward moves go one stage at a time and must pass the current stage's
 * gate; backward moves (new facts, a reform that did not hold, a reopened case) go one stage back
 * and need a reason.
 * @throws AppError `transition_refused` listing every failed guard with its remedy, `conflict` for
 * a skip or a no-op, `validation` for a missing reason.
 */
export function assertTransition(ctx: StageContext, to: Stage, reason: string | undefined): void {
  const from = ctx.incident.stage;
  const delta = stageIndex(to) - stageIndex(from);
  if (delta === 0) throw new AppError('conflict', `the incident is already in ${from}`);
  if (delta < 0) {
    if (delta !== -1) {
      throw new AppError(
        'conflict',
        `an incident moves back one stage at a time: from ${from} to ${STAGE_BEFORE[from]}`,
      );
    }
    if (!reason) throw invalid('body.reason', `moving back from ${from} to ${to} needs a reason`);
    return;
  }
  if (delta > 1) {
    throw new AppError(
      'conflict',
      `an incident moves forward one stage at a time: from ${from} the next stage is ${nextStage(from)}`,
    );
  }
  const gate = gateFor(from, ctx);
  if (gate.guards.length > 0) {
    throw new AppError(
      'transition_refused',
      `cannot move from ${from} to ${to}: ${gate.guards.length} requirement${gate.guards.length === 1 ? '' : 's'} unmet`,
      gate.guards.map((g) => ({ path: g.rule, rule: g.rule, message: g.message, remedy: g.remedy })),
    );
  }
}

const STAGE_BEFORE: Record<Stage, Stage | null> = {
  respond: null,
  diagnose: 'respond',
  reform: 'diagnose',
  evaluate: 'reform',
  closed: 'evaluate',
};

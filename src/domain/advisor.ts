import type { Cluster, CrisisType, Culpability, Reputation, ViolationType } from '../shared/enums.ts';

/**
 * The strategy advisor: research §3.1–3.3 (Tables A, B and C) as rules SCCT-A0…A10, KIM-B1…B6 and
 * ATTR-C1…C7. `advise` turns an incident's profile into a posture, a verbal response and the
 * substantive responses it needs; `assessPlan` checks a set of strategies against the SCCT
 * constraints (A8–A10). Every conclusion lists the rules that fired, with their citation and the
 * reason, so the UI can answer "why this recommendation?".
 *
 * Guardrail (research §3.2, product ethics): the advisor never recommends denial (A6, B3) unless
 * culpability is `disproved` and evidence of innocence is attached.
 */

/** SCCT response postures (Coombs 2007). `base` is the base response alone (A0, A1). */
export type Posture = 'base' | 'diminish' | 'rebuild' | 'deny';

/** SCCT response strategies (Coombs 2007) plus transference (third-party verification, A6). */
export const STRATEGIES = [
  'instructing',
  'adjusting',
  'corrective_action',
  'attack_accuser',
  'denial',
  'scapegoat',
  'excuse',
  'justification',
  'compensation',
  'apology',
  'reminder',
  'ingratiation',
  'victimage',
  'transference',
] as const;
export type Strategy = (typeof STRATEGIES)[number];

export type StrategyFamily = 'base' | 'deny' | 'diminish' | 'rebuild' | 'bolster' | 'support';

/** The SCCT family each strategy belongs to (research §2.8). */
export const STRATEGY_FAMILY: Readonly<Record<Strategy, StrategyFamily>> = {
  instructing: 'base',
  adjusting: 'base',
  corrective_action: 'base',
  attack_accuser: 'deny',
  denial: 'deny',
  scapegoat: 'deny',
  excuse: 'diminish',
  justification: 'diminish',
  compensation: 'rebuild',
  apology: 'rebuild',
  reminder: 'bolster',
  ingratiation: 'bolster',
  victimage: 'bolster',
  transference: 'support',
};

/** For rumors and challenges: what is known about the claim (research §3.1). */
export type ClaimStatus = 'verifiedFalse' | 'valid' | 'unknown';

/** Tomlinson & Mayer (2009) causal attribution of the failure (research §3.3). */
export interface Attribution {
  locus: 'internal' | 'external';
  controllable: boolean;
  stable: boolean;
}

/** What the advisor needs to know about an incident. Only `cluster` is required. */
export interface AdvisorProfile {
  cluster: Cluster;
  crisisType?: CrisisType | undefined;
  /** Similar incidents within the look-back window; more than 0 is an SCCT intensifier. */
  priorSimilarIncidents?: number | undefined;
  /** Default `neutral`; `negative` is an SCCT intensifier. */
  priorReputation?: Reputation | undefined;
  /** Rumors and challenges only. Default `unknown`. */
  claimStatus?: ClaimStatus | undefined;
  /** Default none; the verbal response then follows culpability alone. */
  violationTypes?: readonly ViolationType[] | undefined;
  /** Default `undetermined`. */
  culpability?: Culpability | undefined;
  /** Evidence of innocence is attached to the incident (the gate for any denial). */
  evidenceAttached?: boolean | undefined;
  deceptionInvolved?: boolean | undefined;
  /** 1 (minor) to 5 (critical); used by ATTR-C7. */
  severity?: number | undefined;
  attribution?: Attribution | undefined;
}

/** One rule that fired, for "why this recommendation?". */
export interface FiredRule {
  rule: string;
  citation: string;
  why: string;
}

export interface RepairEmphasis {
  rule: string;
  dimension: string;
  emphasis: string;
  compensation: string;
}

export interface Advice {
  posture: Posture;
  /** The rule that set the posture (a Table A row, or KIM-B3 for an evidenced denial). */
  postureRule: string;
  /** A0: always given, whatever the posture. */
  baseResponse: string[];
  /** The strategies of the posture itself. */
  primaryStrategies: Strategy[];
  /** Strategies that may supplement the posture, never replace it. */
  allowedSupplements: Strategy[];
  /** What to say (Table B), with the row that chose it. */
  verbalResponse: { rule: string; text: string };
  /** What to do besides talking (Tables A, B and C). */
  substantiveResponses: string[];
  /** Table C, when an attribution is given. */
  repairEmphasis: RepairEmphasis | null;
  /** Constraints and cautions the UI shows beside the recommendation. */
  warnings: string[];
  fired: FiredRule[];
}

const CITE = {
  scct: 'Coombs 2007, Corporate Reputation Review 10(3); research §3.1',
  scctLater: "Coombs' later refinements [secondary]; research §3.1",
  bolster: 'Coombs 2007; Benoit & Drew 1997, Communication Reports 10(2); research §3.1',
  kim: 'Kim, Ferrin, Cooper & Dirks 2004, J. Applied Psychology 89(1); Kim et al. 2006; research §3.2',
  integrity: 'Kim et al. 2004; Dirks et al. 2011; research §3.2',
  denial: 'Kim et al. 2004; Schweitzer et al. 2006; research §3.2 (guardrail)',
  reticence: 'Ferrin et al. 2007; Kim et al. 2004; research §3.2',
  deception: 'Schweitzer, Hershey & Bradlow 2006, OBHDP 101(1); research §3.2',
  benevolence: 'research §3.2 (research gap: treated like integrity, our inference)',
  attribution:
    'Tomlinson & Mayer 2009, Academy of Management Review 34(1); Grewal et al. 2008; research §3.3',
  paradox: 'Magnini et al. 2007, J. Services Marketing 21(3); research §3.3',
} as const;

/** True when the guardrail lets the advisor recommend a denial. */
export function denialAllowed(p: Pick<AdvisorProfile, 'culpability' | 'evidenceAttached'>): boolean {
  return p.culpability === 'disproved' && p.evidenceAttached === true;
}

function intensified(p: AdvisorProfile): boolean {
  return (p.priorSimilarIncidents ?? 0) > 0 || p.priorReputation === 'negative';
}

function intensifierText(p: AdvisorProfile): string {
  const parts: string[] = [];
  if ((p.priorSimilarIncidents ?? 0) > 0) parts.push(`${p.priorSimilarIncidents} prior similar incident(s)`);
  if (p.priorReputation === 'negative') parts.push('a negative prior reputation');
  return parts.join(' and ');
}

interface PostureChoice {
  posture: Posture;
  rule: string;
  supplements: Strategy[];
}

/** Table A: crisis-type rows (A6, A7) first, then the cluster rows A1–A5, top-down, first match. */
function tableA(p: AdvisorProfile, fired: FiredRule[], warnings: string[], substantive: string[]) {
  const rumorOrChallenge = p.crisisType === 'rumor' || p.crisisType === 'challenge';
  const claim = p.claimStatus ?? 'unknown';
  if (rumorOrChallenge && claim === 'verifiedFalse') {
    if (denialAllowed(p) && !p.deceptionInvolved) {
      fired.push({
        rule: 'SCCT-A6',
        citation: CITE.scct,
        why: `The ${p.crisisType} is verified false, culpability is disproved and evidence is attached: deny, with the evidence.`,
      });
      warnings.push('Attack the accuser only if the accuser is clearly malicious.');
      return { posture: 'deny', rule: 'SCCT-A6', supplements: ['transference'] } satisfies PostureChoice;
    }
    warnings.push(
      'SCCT-A6 gate: the claim is marked false, but a denial needs culpability set to disproved and evidence attached' +
        (p.deceptionInvolved ? ', and no deception involved' : '') +
        '. Until then Amends does not recommend denying.',
    );
  }
  let cluster = p.cluster;
  if (p.crisisType === 'challenge' && claim === 'valid') {
    if (cluster === 'victim') cluster = 'accidental';
    fired.push({
      rule: 'SCCT-A7',
      citation: CITE.scctLater,
      why: `The challenge is valid: treat it as a ${cluster} crisis after diagnosis and take corrective action.`,
    });
    substantive.push('Corrective action on the practice the challenge is about.');
  }
  const intense = intensified(p);
  const rep = p.priorReputation ?? 'neutral';
  if (cluster === 'victim' && !intense) {
    fired.push({
      rule: 'SCCT-A1',
      citation: CITE.scct,
      why: `Victim cluster with no similar history and a ${rep} reputation: little responsibility is attributed, so the base response may be enough.`,
    });
    return {
      posture: 'base',
      rule: 'SCCT-A1',
      supplements: ['victimage', 'reminder'],
    } satisfies PostureChoice;
  }
  if (cluster === 'victim') {
    fired.push({
      rule: 'SCCT-A2',
      citation: CITE.scct,
      why: `Victim cluster, but ${intensifierText(p)} raise the threat one level: diminish (excuse or justification), only if truthful.`,
    });
    return {
      posture: 'diminish',
      rule: 'SCCT-A2',
      supplements: ['reminder', 'ingratiation'],
    } satisfies PostureChoice;
  }
  if (cluster === 'accidental' && !intense) {
    fired.push({
      rule: 'SCCT-A3',
      citation: CITE.scct,
      why: `Accidental cluster with no similar history and a ${rep} reputation: diminish, with corrective action.`,
    });
    return {
      posture: 'diminish',
      rule: 'SCCT-A3',
      supplements: ['reminder', 'ingratiation', 'corrective_action'],
    } satisfies PostureChoice;
  }
  if (cluster === 'accidental') {
    fired.push({
      rule: 'SCCT-A4',
      citation: CITE.scct,
      why: `Accidental cluster, but ${intensifierText(p)} raise the threat one level: rebuild (apology and/or compensation).`,
    });
    return {
      posture: 'rebuild',
      rule: 'SCCT-A4',
      supplements: ['reminder', 'ingratiation', 'corrective_action'],
    } satisfies PostureChoice;
  }
  fired.push({
    rule: 'SCCT-A5',
    citation: CITE.scct,
    why: 'Preventable cluster: stakeholders attribute strong responsibility, so rebuild. Bolster only after rebuilding, never instead.',
  });
  return {
    posture: 'rebuild',
    rule: 'SCCT-A5',
    supplements: ['reminder', 'ingratiation', 'corrective_action'],
  } satisfies PostureChoice;
}

const PRIMARY: Record<Posture, Strategy[]> = {
  base: [],
  diminish: ['excuse', 'justification'],
  rebuild: ['apology', 'compensation'],
  deny: ['denial'],
};

const VERBAL = {
  'KIM-B1':
    'Apologize with internal attribution: first person, active voice, owning the failure; explain the cause; commit to the fix.',
  'KIM-B2': 'Give a full apology. Offer an external account only if it is true and verifiable. Never deny.',
  'KIM-B3': 'Deny, and publish the evidence; seek third-party validation.',
  'KIM-B4':
    'Acknowledge and investigate: express concern, say what is known and unknown, commit to an investigation with a date, and give instructing information. Do not deny prematurely; do not go silent.',
  'KIM-B5': 'Apologize, explicitly naming the earlier misleading statement, and correct the record.',
  'KIM-B6': "Apologize, and state explicitly how stakeholders' interests will be protected from now on.",
} as const;

/** Table B: the verbal response and its substantive companions. */
function tableB(p: AdvisorProfile, fired: FiredRule[], warnings: string[], substantive: string[]) {
  const culpability = p.culpability ?? 'undetermined';
  const types = p.violationTypes ?? [];
  const chosen: (keyof typeof VERBAL)[] = [];

  if (culpability === 'disproved' && denialAllowed(p) && !p.deceptionInvolved) {
    fired.push({
      rule: 'KIM-B3',
      citation: CITE.kim,
      why: 'Culpability is disproved and evidence is attached: a denial with evidence beats an apology when innocence is shown.',
    });
    substantive.push('Transparency: publish the evidence of innocence.');
    chosen.push('KIM-B3');
  } else if (culpability === 'disproved') {
    warnings.push(
      p.deceptionInvolved
        ? 'Culpability is marked disproved, but deception was involved: Amends does not recommend denying.'
        : 'Culpability is marked disproved, but no evidence is attached: attach it before any denial (KIM-B3 guardrail). Until then, acknowledge and investigate.',
    );
  }
  if (p.deceptionInvolved) {
    fired.push({
      rule: 'KIM-B5',
      citation: CITE.deception,
      why: 'Deception was involved: trust after deception rarely recovers fully and promises lose weight, so the apology must name the misleading statement.',
    });
    substantive.push('The strongest distrust regulation: an independent monitor and a governance change.');
    warnings.push('Expect a long and possibly incomplete recovery (Schweitzer et al. 2006).');
    chosen.push('KIM-B5');
  }
  if (culpability === 'undetermined' || (culpability === 'disproved' && !chosen.includes('KIM-B3'))) {
    fired.push({
      rule: 'KIM-B4',
      citation: CITE.reticence,
      why:
        culpability === 'undetermined'
          ? 'Culpability is undetermined: acknowledge and investigate; a premature denial later contradicted is the worst case, and silence is poor for every violation type.'
          : 'Culpability is marked disproved without the evidence the denial gate needs: acknowledge and investigate until it is attached.',
    });
    substantive.push('Start diagnosis (Gillespie & Dietz stage 2) with a named owner and a date.');
    chosen.push('KIM-B4');
  }
  if (culpability === 'established') {
    if (types.includes('integrity')) {
      fired.push({
        rule: 'KIM-B2',
        citation: CITE.integrity,
        why: 'An integrity violation with established culpability: words alone are weak signals, so a full apology needs penance and regulation.',
      });
      substantive.push(
        'Penance: a costly, voluntary reparation.',
        'Regulation: binding constraints and independent oversight.',
        'Leadership accountability.',
      );
      chosen.push('KIM-B2');
    }
    if (types.includes('benevolence')) {
      fired.push({
        rule: 'KIM-B6',
        citation: CITE.benevolence,
        why: "A benevolence violation (own interest put ahead of stakeholders'): apologize and say how their interests will be protected.",
      });
      substantive.push('Reparation.', 'Policy changes that reduce conflicts of interest.');
      warnings.push('KIM-B6 is a research gap: Amends treats benevolence like integrity by default.');
      chosen.push('KIM-B6');
    }
    if (types.includes('competence') || types.length === 0) {
      fired.push({
        rule: 'KIM-B1',
        citation: CITE.kim,
        why:
          types.length === 0
            ? 'Culpability is established (no violation type given, so treated as competence): own it with an internal attribution.'
            : 'A competence violation with established culpability is forgivable when owned: apologize with an internal attribution.',
      });
      substantive.push('Capability investments (people, process, tooling) that show the competence is back.');
      chosen.push('KIM-B1');
    }
  }
  // The strongest applicable response leads: an evidenced denial, then the deception apology, then
  // acknowledge-and-investigate, then the integrity and benevolence apologies, then B1.
  const order: (keyof typeof VERBAL)[] = ['KIM-B3', 'KIM-B5', 'KIM-B4', 'KIM-B2', 'KIM-B6', 'KIM-B1'];
  const lead = order.find((r) => chosen.includes(r)) ?? 'KIM-B4';
  const extra = chosen.filter((r) => r !== lead && r !== 'KIM-B4' && lead !== 'KIM-B3');
  const text = [VERBAL[lead], ...extra.map((r) => VERBAL[r])].join(' ');
  return { rule: lead, text };
}

const TABLE_C: {
  rule: string;
  locus: Attribution['locus'];
  controllable: boolean;
  stable: boolean;
  dimension: string;
  emphasis: string;
  compensation: string;
}[] = [
  {
    rule: 'ATTR-C1',
    locus: 'external',
    controllable: false,
    stable: false,
    dimension: 'little trust damage',
    emphasis: 'Explain what happened with evidence; express concern; give instructing information.',
    compensation: 'Usually not required; symbolic or psychological only.',
  },
  {
    rule: 'ATTR-C2',
    locus: 'external',
    controllable: false,
    stable: true,
    dimension: 'ability (choice of partners)',
    emphasis: 'Structural change: redundancy or a supplier change; register commitments.',
    compensation: 'Consider it if failures recur.',
  },
  {
    rule: 'ATTR-C3',
    locus: 'internal',
    controllable: false,
    stable: false,
    dimension: 'ability',
    emphasis: 'Apologize with internal attribution; build competence; show that the fix works.',
    compensation: 'Match the lost resource (Table E).',
  },
  {
    rule: 'ATTR-C4',
    locus: 'internal',
    controllable: false,
    stable: true,
    dimension: 'ability, with an expectation of recurrence',
    emphasis: 'As for ability, plus distrust regulation: controls and monitoring.',
    compensation: 'Yes: the organization is responsible and the failure frequent.',
  },
  {
    rule: 'ATTR-C5',
    locus: 'internal',
    controllable: true,
    stable: false,
    dimension: 'benevolence and/or integrity',
    emphasis: 'Full apology; penance; accountability.',
    compensation: 'Yes.',
  },
  {
    rule: 'ATTR-C6',
    locus: 'internal',
    controllable: true,
    stable: true,
    dimension: 'integrity and benevolence, with recurrence',
    emphasis:
      'Full apology; penance; regulation and governance reform; transference (an independent monitor).',
    compensation: 'Yes; meet expectations.',
  },
];

/** Table C: attribution → damaged dimension → repair emphasis, and the C7 paradox-framing rule. */
function tableC(p: AdvisorProfile, fired: FiredRule[], warnings: string[], substantive: string[]) {
  const a = p.attribution;
  if (!a) return null;
  // Table C has no row for an external cause the organization could control (for example a supplier
  // chosen without due diligence); it is read as internal, because the organization could have acted.
  const locus = a.locus === 'external' && a.controllable ? 'internal' : a.locus;
  const row = TABLE_C.find(
    (r) => r.locus === locus && r.controllable === a.controllable && r.stable === a.stable,
  )!;
  const described = `${a.locus}, ${a.controllable ? 'controllable' : 'uncontrollable'}, ${a.stable ? 'stable' : 'unstable'}`;
  fired.push({
    rule: row.rule,
    citation: CITE.attribution,
    why:
      `A ${described} cause mainly damages ${row.dimension}: ${row.emphasis}` +
      (locus !== a.locus ? ' (an external but controllable cause is read as internal.)' : ''),
  });
  substantive.push(row.emphasis);
  const paradoxOk =
    (p.severity ?? 3) <= 2 && (p.priorSimilarIncidents ?? 0) === 0 && !a.stable && !a.controllable;
  fired.push({
    rule: 'ATTR-C7',
    citation: CITE.paradox,
    why: paradoxOk
      ? 'Low severity, a first failure, an unstable and uncontrollable cause: a "recovery paradox" framing is allowed.'
      : 'A "turn this into a great experience" framing is allowed only for a low-severity first failure with an unstable, uncontrollable cause; do not use it here.',
  });
  if (!paradoxOk) warnings.push('Do not use a "service recovery paradox" framing (ATTR-C7).');
  return { rule: row.rule, dimension: row.dimension, emphasis: row.emphasis, compensation: row.compensation };
}

/**
 * Recommends a response for an incident profile (research Tables A, B, C). Pure and total: every
 * input has a default, and the result always includes A0 and the rules that fired.
 */
export function advise(profile: AdvisorProfile): Advice {
  const fired: FiredRule[] = [];
  const warnings: string[] = [];
  const substantive: string[] = [];
  fired.push({
    rule: 'SCCT-A0',
    citation: CITE.scct,
    why: 'Every crisis gets the base response first: instructing and adjusting information.',
  });
  const baseResponse = [
    'Instructing information: what happened, what people must do to protect themselves, where to get help.',
    'Adjusting information: concern or sympathy for those affected, and the corrective steps under way.',
  ];
  let choice: PostureChoice = tableA(profile, fired, warnings, substantive);
  const verbal = tableB(profile, fired, warnings, substantive);
  if (verbal.rule === 'KIM-B3' && choice.posture !== 'deny') {
    // An evidenced denial and an accommodative posture would mix postures (A8): the evidence wins.
    choice = { posture: 'deny', rule: 'KIM-B3', supplements: ['transference'] };
  }
  const repairEmphasis = tableC(profile, fired, warnings, substantive);
  if (choice.posture === 'rebuild') {
    warnings.push(
      'Rebuild may use any victim-centred accommodative option (apology, sympathy, compensation) if counsel limits the wording, but responsibility must still be acknowledged in substance.',
    );
  }
  if (choice.posture === 'base' && (profile.culpability ?? 'undetermined') === 'established') {
    warnings.push(
      'Culpability is established although the cluster is victim: review the cluster, since a more accommodating response is likely needed.',
    );
  }
  if (choice.posture !== 'deny') {
    warnings.push('Never mix denial with diminish or rebuild strategies (SCCT-A8).');
  }
  return {
    posture: choice.posture,
    postureRule: choice.rule,
    baseResponse,
    primaryStrategies: PRIMARY[choice.posture],
    allowedSupplements: choice.supplements,
    verbalResponse: verbal,
    substantiveResponses: [...new Set(substantive)],
    repairEmphasis,
    warnings: [...new Set(warnings)],
    fired,
  };
}

export type PlanVerdict = 'ok' | 'warn' | 'reject';

export interface PlanIssue {
  rule: string;
  verdict: Exclude<PlanVerdict, 'ok'>;
  message: string;
  citation: string;
}

export interface PlanAssessment {
  verdict: PlanVerdict;
  issues: PlanIssue[];
  families: StrategyFamily[];
}

/**
 * Checks a response plan against the SCCT constraints: A8 (deny mixed with diminish or rebuild →
 * reject), A9 (bolstering alone outside A1 → warn), A10 (victimage outside the victim cluster →
 * warn), and the denial guardrail when a profile is given (deny without disproved culpability and
 * evidence → reject).
 */
export function assessPlan(strategies: readonly Strategy[], profile?: AdvisorProfile): PlanAssessment {
  const families = [...new Set(strategies.map((s) => STRATEGY_FAMILY[s]))];
  const has = (f: StrategyFamily) => families.includes(f);
  const issues: PlanIssue[] = [];
  if (has('deny') && (has('diminish') || has('rebuild'))) {
    const others = families.filter((f) => f === 'diminish' || f === 'rebuild').join(' and ');
    issues.push({
      rule: 'SCCT-A8',
      verdict: 'reject',
      message: `Denial is mixed with ${others} strategies: mixed postures erode the whole response.`,
      citation: CITE.scct,
    });
  }
  if (profile && has('deny') && !denialAllowed(profile)) {
    issues.push({
      rule: 'KIM-B3',
      verdict: 'reject',
      message:
        'The plan denies, but culpability is not disproved with evidence attached: a premature denial later contradicted is the worst outcome.',
      citation: CITE.denial,
    });
  }
  const meaningful = families.filter((f) => f !== 'support');
  if (meaningful.length > 0 && meaningful.every((f) => f === 'bolster')) {
    const postureRule = profile ? advise(profile).postureRule : undefined;
    if (postureRule !== 'SCCT-A1') {
      issues.push({
        rule: 'SCCT-A9',
        verdict: 'warn',
        message: 'Bolstering is the only strategy: it is a supplement only, and was rated least effective.',
        citation: CITE.bolster,
      });
    }
  }
  if (strategies.includes('victimage') && profile && profile.cluster !== 'victim') {
    issues.push({
      rule: 'SCCT-A10',
      verdict: 'warn',
      message: `A victimage claim ("we were victims too") fits victim crises only, and this one is ${profile.cluster}.`,
      citation: CITE.scct,
    });
  }
  const verdict: PlanVerdict = issues.some((i) => i.verdict === 'reject')
    ? 'reject'
    : issues.length > 0
      ? 'warn'
      : 'ok';
  return { verdict, issues, families };
}

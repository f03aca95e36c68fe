import type { ReactNode } from 'react';
import type { ActionStatus, CommitmentStatus, Stage } from '../../../src/shared/enums.ts';
import { label } from '../../../src/shared/enums.ts';
import { formatSeverity } from '../format.ts';

/** Status badges: always words, colour only repeats what the words say. */

type Tone = 'neutral' | 'info' | 'good' | 'warn' | 'bad';

export function Badge({ tone = 'neutral', children }: { tone?: Tone; children: ReactNode }) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

const STAGE_TONE: Record<Stage, Tone> = {
  respond: 'bad',
  diagnose: 'warn',
  reform: 'info',
  evaluate: 'info',
  closed: 'good',
};

export function StageBadge({ stage }: { stage: Stage }) {
  return <Badge tone={STAGE_TONE[stage]}>{label(stage)}</Badge>;
}

const ACTION_TONE: Record<ActionStatus, Tone> = {
  planned: 'neutral',
  in_progress: 'info',
  done: 'good',
  verified: 'good',
  dropped: 'neutral',
};

export function ActionStatusBadge({ status }: { status: ActionStatus }) {
  return <Badge tone={ACTION_TONE[status]}>{label(status)}</Badge>;
}

const COMMITMENT_TONE: Record<CommitmentStatus, Tone> = {
  open: 'neutral',
  renegotiated: 'warn',
  kept_on_time: 'good',
  kept_late: 'warn',
  broken: 'bad',
  withdrawn: 'neutral',
};

export function CommitmentStatusBadge({ status }: { status: CommitmentStatus }) {
  return <Badge tone={COMMITMENT_TONE[status]}>{label(status)}</Badge>;
}

export function OverdueBadge() {
  return (
    <Badge tone="bad">
      <span aria-hidden="true">⚠ </span>Overdue
    </Badge>
  );
}

export function SeverityBadge({ severity }: { severity: number }) {
  const tone: Tone = severity >= 5 ? 'bad' : severity >= 4 ? 'warn' : 'neutral';
  return <Badge tone={tone}>{formatSeverity(severity)}</Badge>;
}

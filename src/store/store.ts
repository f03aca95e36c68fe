import type { Kysely, Transaction } from 'kysely';
import type { Dialect } from './dialects/dialect.ts';
import type { Database } from './tables.ts';
import { AccountRepository } from './account.repository.ts';
import { ActionRepository } from './action.repository.ts';
import { AuditRepository } from './audit.repository.ts';
import { CommitmentRepository } from './commitment.repository.ts';
import { IdempotencyRepository } from './idempotency.repository.ts';
import { IncidentRepository } from './incident.repository.ts';
import { RootCauseRepository } from './root-cause.repository.ts';
import { DeliveryRepository } from './delivery.repository.ts';
import { FeedbackRepository } from './feedback.repository.ts';
import { LeadershipRepository } from './leadership.repository.ts';
import { SecretRepository } from './secret.repository.ts';
import { StatementRepository } from './statement.repository.ts';
import { ThemeRepository } from './theme.repository.ts';
import { LessonRepository } from './lesson.repository.ts';
import { SurveyRepository } from './survey.repository.ts';
import { CaseRepository } from './case.repository.ts';
import { ConversationRepository } from './conversation.repository.ts';
import { MentionRepository } from './mention.repository.ts';
import { MetricsRepository } from './metrics.repository.ts';
import { RollupRepository } from './rollup.repository.ts';

/**
 * The repositories over one database handle. `transaction` gives a Store bound to a transaction,
 * so a service can run several repository calls atomically without seeing SQL.
 */
export class Store {
  readonly accounts: AccountRepository;
  readonly incidents: IncidentRepository;
  readonly rootCauses: RootCauseRepository;
  readonly actions: ActionRepository;
  readonly commitments: CommitmentRepository;
  readonly audit: AuditRepository;
  readonly idempotency: IdempotencyRepository;
  readonly statements: StatementRepository;
  readonly deliveries: DeliveryRepository;
  readonly leadership: LeadershipRepository;
  readonly secrets: SecretRepository;
  readonly feedback: FeedbackRepository;
  readonly themes: ThemeRepository;
  readonly lessons: LessonRepository;
  readonly surveys: SurveyRepository;
  readonly cases: CaseRepository;
  readonly conversations: ConversationRepository;
  readonly mentions: MentionRepository;
  readonly metrics: MetricsRepository;
  readonly rollups: RollupRepository;

  constructor(
    readonly db: Kysely<Database> | Transaction<Database>,
    readonly dialect: Dialect,
  ) {
    this.accounts = new AccountRepository(db, dialect);
    this.incidents = new IncidentRepository(db, dialect);
    this.rootCauses = new RootCauseRepository(db, dialect);
    this.actions = new ActionRepository(db, dialect);
    this.commitments = new CommitmentRepository(db, dialect);
    this.audit = new AuditRepository(db, dialect);
    this.idempotency = new IdempotencyRepository(db, dialect);
    this.statements = new StatementRepository(db, dialect);
    this.deliveries = new DeliveryRepository(db, dialect);
    this.leadership = new LeadershipRepository(db, dialect);
    this.secrets = new SecretRepository(db, dialect);
    this.feedback = new FeedbackRepository(db, dialect);
    this.themes = new ThemeRepository(db);
    this.lessons = new LessonRepository(db);
    this.surveys = new SurveyRepository(db, dialect);
    this.cases = new CaseRepository(db, dialect);
    this.conversations = new ConversationRepository(db, dialect);
    this.mentions = new MentionRepository(db, dialect);
    this.metrics = new MetricsRepository(db, dialect);
    this.rollups = new RollupRepository(db, dialect);
  }

  /** Runs `fn` in a transaction (or in the current one, when already inside). */
  async transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T> {
    if (this.db.isTransaction) return fn(this);
    return (this.db as Kysely<Database>).transaction().execute((trx) => fn(new Store(trx, this.dialect)));
  }

  /** Cheap round trip for readiness checks. */
  async ping(): Promise<void> {
    await this.db.selectFrom('organizations').select('id').limit(1).execute();
  }
}

export type Db = Kysely<Database> | Transaction<Database>;

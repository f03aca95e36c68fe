import type { Config } from './config/env.ts';
import type { Clock } from './services/common.ts';
import { AccountService } from './services/account.service.ts';
import { ActionService } from './services/action.service.ts';
import { AuditService } from './services/audit.service.ts';
import { CommitmentService } from './services/commitment.service.ts';
import { IncidentService } from './services/incident.service.ts';
import { RootCauseService } from './services/root-cause.service.ts';
import { TransferService } from './services/transfer.service.ts';
import { DeliveryService } from './services/delivery.service.ts';
import { DisclosureService } from './services/disclosure.service.ts';
import { FeedbackService } from './services/feedback.service.ts';
import { CaseService } from './services/case.service.ts';
import { LeadershipService } from './services/leadership.service.ts';
import { StatementService } from './services/statement.service.ts';
import { SubscriptionService } from './services/subscription.service.ts';
import { ThemeService } from './services/theme.service.ts';
import { LessonService } from './services/lesson.service.ts';
import { SurveyService } from './services/survey.service.ts';
import { FeedbackImportService } from './services/feedback-import.service.ts';
import { ConversationService } from './services/conversation.service.ts';
import { MetricsService } from './services/metrics.service.ts';
import type { Connection } from './store/db.ts';
import { Store } from './store/store.ts';

/** Every use case, wired to one database: the one place things are put together. */
export interface Services {
  config: Config;
  store: Store;
  clock: Clock;
  accounts: AccountService;
  incidents: IncidentService;
  rootCauses: RootCauseService;
  actions: ActionService;
  commitments: CommitmentService;
  audit: AuditService;
  transfer: TransferService;
  statements: StatementService;
  subscriptions: SubscriptionService;
  deliveries: DeliveryService;
  disclosure: DisclosureService;
  leadership: LeadershipService;
  feedback: FeedbackService;
  themes: ThemeService;
  lessons: LessonService;
  surveys: SurveyService;
  cases: CaseService;
  feedbackImport: FeedbackImportService;
  conversations: ConversationService;
  metrics: MetricsService;
}

export function createServices(config: Config, conn: Connection, clock: Clock = () => new Date()): Services {
  const store = new Store(conn.db, conn.dialect);
  const deps = { store, clock };
  const subscriptions = new SubscriptionService(deps);
  const surveys = new SurveyService(deps);
  return {
    config,
    store,
    clock,
    accounts: new AccountService(deps, config.sessionTtlHours),
    incidents: new IncidentService(deps),
    rootCauses: new RootCauseService(deps),
    actions: new ActionService(deps),
    commitments: new CommitmentService(deps),
    audit: new AuditService(deps),
    transfer: new TransferService(deps),
    statements: new StatementService(deps),
    subscriptions,
    deliveries: new DeliveryService(deps, subscriptions.links, surveys),
    disclosure: new DisclosureService(deps),
    leadership: new LeadershipService(deps),
    feedback: new FeedbackService(deps),
    themes: new ThemeService(deps),
    lessons: new LessonService(deps),
    surveys,
    cases: new CaseService(deps),
    feedbackImport: new FeedbackImportService(deps),
    conversations: new ConversationService(deps),
    metrics: new MetricsService(deps),
  };
}

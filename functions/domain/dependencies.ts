import type { AppConfig } from '../config.ts';
import type { LifecycleEventPublisher } from '../lifecycle/lifecycle-events.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { Mailer, OnboardingStore, WorkflowCallbacks, WorkflowStarter } from './ports.ts';

/** What the domain functions need from the outside world; handlers build it once per cold start. */
export interface Dependencies {
  store: OnboardingStore;
  mailer: Mailer;
  workflow: WorkflowCallbacks;
  config: AppConfig;
  clock: () => Date;
  logger: Logger;
  /** Business metrics (stage entered, decisions, reminders...); none recorded when absent. */
  metrics?: Metrics;
  /** Lifecycle events for other systems (EventBridge); none published when absent. */
  events?: LifecycleEventPublisher;
}

export interface StarterDependencies {
  store: OnboardingStore;
  starter: WorkflowStarter;
  /** Reminder intervals written into each execution's input. */
  waits: AppConfig['waits'];
  clock: () => Date;
  logger: Logger;
  /**
   * Who counts as marketplace staff: with it, a start whose contact or team is staff (or whose rep is
   * not) is refused. The deployed functions always have it; a CLI without the mailboxes does not.
   */
  staff?: Pick<AppConfig, 'teams' | 'staffDomains'>;
  /** Lifecycle events (started, resumed); none published when absent. */
  events?: LifecycleEventPublisher;
}

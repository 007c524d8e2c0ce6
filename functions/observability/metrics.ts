/**
 * Business metrics of the onboarding workflow: what the dashboard's funnel and activity widgets and
 * the stuck-onboarding alarm read. Domain functions record them through this port; in Lambda they
 * become CloudWatch metrics (EMF, see `emf-metrics.ts`), elsewhere they are dropped or kept in memory.
 */
export const METRICS_NAMESPACE = 'MarketplaceOnboarding';
export const METRICS_SERVICE = 'marketplace-onboarding';

/** Things that happen, counted by stage (and in total). */
export const EVENT_METRICS = [
  /** A person's turn began: a stage (or a product's stage) was entered and its link emailed. */
  'StageEntered',
  /** A decision that moves the onboarding on (submitted, approved). */
  'StageCompleted',
  /** A decision that sends the step back (changes requested, integration feedback). */
  'ChangesRequested',
  /** A product withdrawn by the marketplace team or its provider. */
  'Withdrawals',
  'Reminders',
  'Escalations',
  /** Someone opened an action link after it expired. */
  'LinksExpired',
  /** An onboarding email bounced (recorded by the bounce flow). */
  'Bounces',
  /** An onboarding email was marked as spam (recorded by the bounce flow). */
  'Complaints',
  /** The long-running guard handed an onboarding over to a fresh execution (continue-as-new). */
  'HandedOver',
  /** SES refused an onboarding email for good (unverified recipient in the sandbox, rejected, ...). */
  'EmailsNotSent',
  /** A link someone asked for was not emailed: the step's or the recipient's allowance was used up. */
  'EmailsSuppressed',
  /** A lifecycle event that could not be put on the EventBridge bus after its retries. */
  'EventsNotPublished',
] as const;
export type EventMetric = (typeof EVENT_METRICS)[number];

/** Levels measured by the scheduled stuck-onboarding check, per stage and in total. */
export const GAUGE_METRICS = [
  /** In-progress onboardings at each stage now: the funnel. */
  'OnboardingsInStage',
  /** In-progress onboardings whose last progress is older than the configured number of days. */
  'StuckOnboardings',
  /** In-progress onboardings found with no running execution (each resumed) by one orphan sweep. */
  'OrphansFound',
] as const;
export type GaugeMetric = (typeof GAUGE_METRICS)[number];

export interface MetricDimensions {
  /** A stage key (or `completed`); left out for totals. */
  stage?: string;
}

export interface Metrics {
  /** One more `name`: published per stage (when given) and in the service-wide total. */
  count(name: EventMetric, dimensions?: MetricDimensions): void;
  /** A level: published exactly with the dimensions given (a stage's value, or the total). */
  gauge(name: GaugeMetric, value: number, dimensions?: MetricDimensions): void;
}

/** Drops everything: the default wherever no metrics are wanted (tests, CLI, local runtime). */
export const noMetrics: Metrics = { count: () => {}, gauge: () => {} };

export interface RecordedMetric {
  name: EventMetric | GaugeMetric;
  value: number;
  stage?: string;
}

/** Keeps every metric in memory, for tests. */
export function createRecordingMetrics(): Metrics & { recorded: RecordedMetric[] } {
  const recorded: RecordedMetric[] = [];
  const keep = (name: RecordedMetric['name'], value: number, dimensions?: MetricDimensions) =>
    recorded.push(
      dimensions?.stage === undefined ? { name, value } : { name, value, stage: dimensions.stage },
    );
  return {
    recorded,
    count: (name, dimensions) => keep(name, 1, dimensions),
    gauge: (name, value, dimensions) => keep(name, value, dimensions),
  };
}

/** The metrics of a dependency set that may have none (most test harnesses). */
export function metricsOf(deps: { metrics?: Metrics }): Metrics {
  return deps.metrics ?? noMetrics;
}

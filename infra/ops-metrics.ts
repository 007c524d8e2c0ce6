import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { STAGE_KEYS, type StageKey, stageDefinition } from '../functions/checklist/stages.ts';
import { type EventMetric, type GaugeMetric, METRICS_NAMESPACE } from '../functions/observability/metrics.ts';

/**
 * The CloudWatch metrics ops watches, in one place for the alarms and the dashboard. Business
 * metrics come from the functions as EMF lines (`functions/observability/emf-metrics.ts`), with the
 * dimensions written there: `service` for totals, `service` + `stage` per stage. The `service` value
 * is the stack's name (the functions get it as METRICS_SERVICE), so two stacks in one account never
 * add up in each other's dashboard or stuck alarm.
 */

/** Stages a person acts on, in checklist order: the funnel's bars. */
export const FUNNEL_STAGES: readonly StageKey[] = STAGE_KEYS.filter(
  (stage) => stageDefinition(stage).actor !== 'system',
);

export interface BusinessMetricOptions {
  stage?: StageKey;
  /** Put before the stage label ("reminders: 1. Cloud account"). */
  labelPrefix?: string;
  statistic?: string;
  period?: Duration;
  label?: string;
}

/** The business metrics of one stack: the metrics its functions write with `service` = the stack's name. */
export function businessMetrics(service: string) {
  /** A metric of the onboarding namespace: the stack-wide total, or one stage's value. */
  const metric = (name: EventMetric | GaugeMetric, options: BusinessMetricOptions = {}): cloudwatch.Metric =>
    new cloudwatch.Metric({
      namespace: METRICS_NAMESPACE,
      metricName: name,
      dimensionsMap: options.stage === undefined ? { service } : { service, stage: options.stage },
      statistic: options.statistic ?? cloudwatch.Stats.SUM,
      period: options.period ?? Duration.hours(1),
      // A label turns an alarm's metric into a metric-math query: set only for the dashboard's lines.
      label:
        options.label ??
        (options.stage
          ? `${options.labelPrefix ? `${options.labelPrefix}: ` : ''}${stageLabel(options.stage)}`
          : undefined),
    });
  /** One metric per funnel stage, labelled with the checklist's step and title. */
  const perStage = (
    name: EventMetric | GaugeMetric,
    options: Omit<BusinessMetricOptions, 'stage' | 'label'> = {},
  ): cloudwatch.Metric[] => FUNNEL_STAGES.map((stage) => metric(name, { ...options, stage }));
  return { businessMetric: metric, perStage };
}

export function stageLabel(stage: StageKey): string {
  const definition = stageDefinition(stage);
  return `${definition.step}. ${definition.title}`;
}

/**
 * SES account reputation (AWS/SES, no dimensions): the rolling bounce and complaint rates SES itself
 * acts on (account review at 5 % bounces or 0.1 % complaints). Published once the account has
 * had bounces or complaints; until then the alarms see no data and stay OK.
 */
export function sesReputation(name: 'BounceRate' | 'ComplaintRate', label?: string): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: 'AWS/SES',
    metricName: `Reputation.${name}`,
    statistic: cloudwatch.Stats.MAXIMUM,
    period: Duration.hours(1),
    label,
  });
}

import { MetricUnit, Metrics as PowertoolsMetrics } from '@aws-lambda-powertools/metrics';
import { METRICS_NAMESPACE, METRICS_SERVICE, type Metrics } from './metrics.ts';

/**
 * Metrics as CloudWatch Embedded Metric Format lines on stdout (Powertools Metrics): Lambda's log
 * delivery turns each line into metric data, no PutMetricData call and no extra permission. Each
 * value is written at once (a single-metric line), so a metric recorded before a task fails is
 * still counted, and overlapping invocations never share a buffer.
 *
 * Dimensions: `service` always; `count` writes two dimension sets in one line, `[service, stage]`
 * and `[service]`, so a stage's count and the total are both plain metrics; `gauge` writes only the
 * set it is given.
 */
export function createEmfMetrics(namespace = METRICS_NAMESPACE, serviceName = METRICS_SERVICE): Metrics {
  // Built on the first metric, not at cold start (its constructor opens a Console on stdout).
  let built: PowertoolsMetrics | undefined;
  const metrics = () => {
    built ??= new PowertoolsMetrics({ namespace, serviceName });
    return built;
  };
  return {
    count(name, dimensions) {
      const single = metrics().singleMetric();
      if (dimensions?.stage) {
        single.addDimension('stage', dimensions.stage);
        single.addDimensions({}); // the service-wide total, from the same line
      }
      single.addMetric(name, MetricUnit.Count, 1);
    },
    gauge(name, value, dimensions) {
      const single = metrics().singleMetric();
      if (dimensions?.stage) single.addDimension('stage', dimensions.stage);
      single.addMetric(name, MetricUnit.Count, value);
    },
  };
}

import * as events from 'aws-cdk-lib/aws-events';
import type * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

export interface LifecycleEventsProps {
  /** The bus the facts go to (`-c eventBusName=…`); the account's default bus when absent. */
  eventBusName?: string;
  /** The events' `source`: the stack's name, so rules can tell two stacks apart. */
  source: string;
}

/**
 * Where the onboarding's lifecycle events go (see functions/lifecycle/): an existing bus, looked up
 * by name, never created here (the default bus, or one the marketplace's other systems own).
 */
export class LifecycleEvents extends Construct {
  readonly bus: events.IEventBus;
  readonly source: string;

  constructor(scope: Construct, id: string, props: LifecycleEventsProps) {
    super(scope, id);
    this.bus = events.EventBus.fromEventBusName(this, 'Bus', props.eventBusName ?? 'default');
    this.source = props.source;
  }

  /** What a publishing function reads: the bus and the source. */
  get environment(): Record<string, string> {
    return { EVENT_BUS_NAME: this.bus.eventBusName, EVENT_SOURCE: this.source };
  }

  /** `events:PutEvents` on this bus only. */
  grantPublish(grantee: iam.IGrantable): void {
    this.bus.grantPutEventsTo(grantee);
  }
}

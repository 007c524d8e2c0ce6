import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import type { LifecycleEvents } from '../../infra/lifecycle-events.ts';
import { readStackConfig } from '../../infra/stack-config.ts';
import {
  actionsOf,
  CDK_JSON_CONTEXT,
  FUNCTION_IDS,
  type FunctionId,
  type SynthesizedStack,
  synthesizeStack,
} from './stack-fixture.ts';

const busArn = (name: string) => ({
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      ':events:',
      { Ref: 'AWS::Region' },
      ':',
      { Ref: 'AWS::AccountId' },
      `:event-bus/${name}`,
    ],
  ],
});

const putEventsStatements = (synthesized: SynthesizedStack, id: FunctionId) =>
  synthesized
    .statementsOf(id)
    .filter((statement) => actionsOf(statement).some((action) => action.startsWith('events:')));

const variablesOf = (synthesized: SynthesizedStack, id: FunctionId) =>
  (
    synthesized.template.toJSON().Resources[synthesized.logicalId(synthesized.fn(id).function)]
      .Properties as {
      Environment: { Variables: Record<string, unknown> };
    }
  ).Environment.Variables;

describe('lifecycle events on AWS', () => {
  const onDefault = synthesizeStack();

  it.each(FUNCTION_IDS)('%s may put events on the default bus, and nothing else of EventBridge', (id) => {
    expect(putEventsStatements(onDefault, id)).toEqual([
      { Effect: 'Allow', Action: 'events:PutEvents', Resource: busArn('default') },
    ]);
  });

  it.each(FUNCTION_IDS)('%s is told the bus and the stack name as the events source', (id) => {
    const variables = variablesOf(onDefault, id);
    expect(variables.EVENT_BUS_NAME).toBe('default');
    expect(variables.EVENT_SOURCE).toBe('TestStack');
  });

  it('names the bus in an output, and creates no bus or rule of its own', () => {
    onDefault.template.hasOutput('EventBusName', { Value: 'default' });
    onDefault.template.resourceCountIs('AWS::Events::EventBus', 0);
    const lifecycle = onDefault.stack.node.findChild('LifecycleEvents') as LifecycleEvents;
    expect(lifecycle.source).toBe('TestStack');
  });

  it('goes to the bus named by -c eventBusName, and only to it', () => {
    const onPartners = synthesizeStack({ eventBusName: 'marketplace-partners' });
    for (const id of FUNCTION_IDS) {
      expect(putEventsStatements(onPartners, id)).toEqual([
        {
          Effect: 'Allow',
          Action: 'events:PutEvents',
          Resource: busArn('marketplace-partners'),
        },
      ]);
      expect(variablesOf(onPartners, id).EVENT_BUS_NAME).toBe('marketplace-partners');
    }
  });

  it('refuses a bus name EventBridge would refuse, in plain words, at synth', () => {
    const app = new App({ context: { ...CDK_JSON_CONTEXT, eventBusName: 'partners bus!' } });
    expect(() => readStackConfig(app.node)).toThrow(
      'Invalid CDK context — eventBusName: eventBusName must be the name of an EventBridge bus (letters, digits, . _ - /)',
    );
  });
});

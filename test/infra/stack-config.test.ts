import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { readStackConfig, StackConfigError } from '../../infra/stack-config.ts';
import { CDK_JSON_CONTEXT } from './stack-fixture.ts';

const configFrom = (context: Record<string, unknown>) => readStackConfig(new App({ context }).node);

describe('stack configuration from CDK context', () => {
  it('accepts the documented placeholders in cdk.json', () => {
    expect(configFrom(CDK_JSON_CONTEXT)).toMatchObject({
      mailFrom: 'onboarding@example.com',
      sesIdentity: 'example.com',
      opsEmail: 'ops@example.com',
    });
  });

  it('verifies the domain of mailFrom when sesIdentity is not given', () => {
    const { sesIdentity: _omitted, ...context } = CDK_JSON_CONTEXT;
    expect(configFrom({ ...context, mailFrom: 'hello@mail.example.org' }).sesIdentity).toBe(
      'mail.example.org',
    );
  });

  it('reads numbers given as strings on the command line (-c key=value)', () => {
    expect(configFrom({ ...CDK_JSON_CONTEXT, maxReminders: '2', teamWaitSeconds: '3600' })).toMatchObject({
      maxReminders: 2,
      teamWaitSeconds: 3600,
    });
  });

  it('treats an empty value as not set', () => {
    expect(configFrom({ ...CDK_JSON_CONTEXT, publicBaseUrl: '' }).publicBaseUrl).toBeUndefined();
  });

  it('names the key that is wrong', () => {
    expect(() => configFrom({ ...CDK_JSON_CONTEXT, opsEmail: 'not-an-address' })).toThrow(StackConfigError);
    expect(() => configFrom({ ...CDK_JSON_CONTEXT, opsEmail: 'not-an-address' })).toThrow(/opsEmail/);
    expect(() => configFrom({ ...CDK_JSON_CONTEXT, publicBaseUrl: 'onboarding.example.com' })).toThrow(
      /publicBaseUrl/,
    );
  });

  it('requires every team address', () => {
    const { billingEmail: _missing, ...context } = CDK_JSON_CONTEXT;
    expect(() => configFrom(context)).toThrow(/billingEmail/);
  });
});

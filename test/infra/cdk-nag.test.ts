import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { synthesizeStack } from './stack-fixture.ts';

const { app, stack, logicalId } = synthesizeStack();

/** Every acknowledgement recorded in the construct tree: rule id -> reasons. */
function acknowledgements(root: IConstruct): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const construct of root.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        const rule = id.replace(/^annotation::/i, '');
        found.set(rule, [...(found.get(rule) ?? []), String(reason)]);
      }
    }
  }
  return found;
}

/** cdk-nag with acknowledgements ignored: what it would report without them. */
function unacknowledgedFindings(root: IConstruct): string[] {
  const pack = new AwsSolutionsChecks();
  Object.assign(pack, { isAcknowledged: () => false });
  return pack.validateScope(root).violations.map((violation) => violation.ruleName);
}

describe('cdk-nag AwsSolutions', () => {
  it('finds nothing left unacknowledged, whatever its level', () => {
    const report = new AwsSolutionsChecks().validateScope(app);
    expect(report.violations.map((v) => `${v.severity} ${v.ruleName}: ${v.description}`)).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('acknowledges only these findings, each for a written reason', () => {
    const acknowledged = acknowledgements(stack);
    const table = logicalId(stack.node.findChild('Onboardings').node.findChild('Table'));
    expect([...acknowledged.keys()].sort()).toEqual(
      [
        // Action-link routes have no AWS authorizer: the link id is the credential.
        'AwsSolutions-APIG4',
        // X-Ray (functions, state machine) and log delivery (state machine) only accept Resource "*".
        'AwsSolutions-IAM5[Resource::*]',
        // grantReadWriteData includes the table's indexes (the by-stage GSI).
        `AwsSolutions-IAM5[Resource::<${table}.Arn>/index/*]`,
        // The long-running guard stops executions whose names are known only at run time.
        `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:${stack.stackName}:*]`,
        // The SES sandbox authorizes SendEmail against each (verified) recipient identity too.
        'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:identity/*]',
      ].sort(),
    );
    for (const [rule, reasons] of acknowledged) {
      for (const reason of reasons) expect(reason.length, rule).toBeGreaterThan(60);
    }
  });

  it('acknowledges nothing that no longer fires (every acknowledgement is needed)', () => {
    const firing = new Set(unacknowledgedFindings(app));
    for (const rule of acknowledgements(stack).keys()) expect(firing, rule).toContain(rule);
  });

  it('finds nothing either with the email DNS records published in a hosted zone (DKIM, MAIL FROM, DMARC)', () => {
    const zoned = synthesizeStack({
      hostedZoneId: 'Z0123456789ABCDEFGHIJ',
      hostedZoneName: 'example.com',
      dmarcPolicy: 'reject',
      dmarcReportTo: 'dmarc@example.com',
    });
    expect(zoned.template.toJSON().Resources).toSatisfy((resources: Record<string, { Type: string }>) =>
      Object.values(resources).some((resource) => resource.Type === 'AWS::Route53::RecordSet'),
    );
    const report = new AwsSolutionsChecks().validateScope(zoned.app);
    expect(report.violations.map((v) => `${v.severity} ${v.ruleName}: ${v.description}`)).toEqual([]);
  });

  it('still catches what is not acknowledged', () => {
    expect(unacknowledgedFindings(app)).toContain('AwsSolutions-APIG4');
  });
});

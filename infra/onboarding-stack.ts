import { CfnOutput, Duration, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { ActionApi } from './action-api.ts';
import { EmailEvents } from './email-events.ts';
import { EmailSending } from './email-sending.ts';
import { LifecycleEvents } from './lifecycle-events.ts';
import { OnboardingAlarms } from './onboarding-alarms.ts';
import { OnboardingDashboard } from './onboarding-dashboard.ts';
import { OnboardingFunction } from './onboarding-function.ts';
import { OnboardingStateMachine } from './onboarding-state-machine.ts';
import { OnboardingTable } from './onboarding-table.ts';
import type { StackConfig } from './stack-config.ts';
import { StuckOnboardingCheck } from './stuck-onboarding-check.ts';

const TASK_TIMEOUT = Duration.seconds(30);
const API_TIMEOUT = Duration.seconds(10);

export interface MarketplaceOnboardingStackProps extends StackProps {
  readonly config: StackConfig;
}

/**
 * Marketplace provider onboarding on AWS: the Step Functions workflow, its Lambda tasks and HTTP
 * handlers, the DynamoDB table, SES sending and the HTTP API for action links and callbacks.
 */
export class MarketplaceOnboardingStack extends Stack {
  constructor(scope: Construct, id: string, props: MarketplaceOnboardingStackProps) {
    super(scope, id, props);
    const { config } = props;
    // Physical names derive from the stack name (unique per account and region), so a second stack
    // deployed beside this one never collides with it.
    const stateMachineName = this.stackName;

    const { table } = new OnboardingTable(this, 'Onboardings');
    const email = new EmailSending(this, 'Email', {
      identity: config.sesIdentity,
      identityExists: config.sesIdentityExists,
      mailFrom: config.mailFrom,
      hostedZone: config.hostedZone,
      mailFromDomain: config.mailFromDomain,
      dmarc: config.dmarc,
    });
    const api = new ActionApi(this, 'Api');

    // Granted by ARN, not by reference: see OnboardingStateMachine.arnFor.
    const stateMachineArn = OnboardingStateMachine.arnFor(this, stateMachineName);
    const workflow = sfn.StateMachine.fromStateMachineArn(this, 'WorkflowByArn', stateMachineArn);

    // Lifecycle events (started, stage entered, decided, published...) for other systems.
    const lifecycle = new LifecycleEvents(this, 'LifecycleEvents', {
      eventBusName: config.eventBusName,
      source: this.stackName,
    });

    const environment: Record<string, string> = {
      ...lifecycle.environment,
      PUBLIC_BASE_URL: config.publicBaseUrl ?? api.url,
      MAIL_FROM: config.mailFrom,
      SES_CONFIGURATION_SET: email.configurationSet.configurationSetName,
      OPS_EMAIL: config.opsEmail,
      PLATFORM_ENABLEMENT_EMAIL: config.platformEnablementEmail,
      BILLING_EMAIL: config.billingEmail,
      MARKETPLACE_TEAM_EMAIL: config.marketplaceTeamEmail,
      // The business metrics' `service` dimension: this stack's own, apart from any other stack's.
      METRICS_SERVICE: this.stackName,
      ...optional('MAIL_REPLY_TO', config.mailReplyTo),
      ...optional('STAFF_DOMAINS', config.staffDomains),
      ...optional('PROVIDER_WAIT_SECONDS', config.providerWaitSeconds),
      ...optional('TEAM_WAIT_SECONDS', config.teamWaitSeconds),
      ...optional('STAGE_DUE_SECONDS', config.stageDueSeconds),
      ...optional('MAX_REMINDERS', config.maxReminders),
    };
    const fn = (id: string, handlerName: string, description: string, timeout: Duration, extra = {}) =>
      new OnboardingFunction(this, id, {
        handlerName,
        description,
        timeout,
        table,
        environment: { ...environment, ...extra },
      }).function;

    // State machine tasks
    const enterStage = fn(
      'EnterStage',
      'enter-stage',
      'Records a stage and emails its action link',
      TASK_TIMEOUT,
    );
    const remindOrEscalate = fn(
      'RemindOrEscalate',
      'remind-or-escalate',
      'Sends a reminder after a wait times out, or escalates',
      TASK_TIMEOUT,
    );
    const recordProductOutcome = fn(
      'RecordProductOutcome',
      'record-product-outcome',
      'Records a product published or withdrawn and tells the people involved',
      TASK_TIMEOUT,
    );
    const completeOnboarding = fn(
      'CompleteOnboarding',
      'complete-onboarding',
      'Marks the onboarding complete and emails the provider and rep',
      TASK_TIMEOUT,
    );

    // HTTP handlers
    const actionApi = fn('ActionApi', 'action-api', 'Action-link pages and decisions', API_TIMEOUT);
    const startOnboarding = fn('StartOnboarding', 'start-onboarding', 'Starts an onboarding', API_TIMEOUT, {
      STATE_MACHINE_ARN: stateMachineArn,
    });
    const repCallback = fn(
      'RepCallback',
      'rep-callback',
      'Authenticated decisions from reps and teams',
      API_TIMEOUT,
    );
    // "Publish another product" on the checklist continues the onboarding in a new execution.
    const viewPages = fn(
      'ViewPages',
      'view-pages',
      'Provider checklist and rep/team queue pages',
      API_TIMEOUT,
      { STATE_MACHINE_ARN: stateMachineArn },
    );

    // Ops change people through the signed API; adding a product continues in a new execution.
    const peopleApi = fn(
      'PeopleApi',
      'people-api',
      'Signed ops API: hand-overs, contact and rep changes, another product, audit pack',
      API_TIMEOUT,
      { STATE_MACHINE_ARN: stateMachineArn },
    );

    // SES events (SNS)
    const emailEvents = fn(
      'EmailEvents',
      'email-events',
      'Flags steps whose email bounced or drew a complaint and alerts the rep and ops',
      TASK_TIMEOUT,
    );
    new EmailEvents(this, 'EmailEventsDestination', {
      configurationSet: email.configurationSet,
      handler: emailEvents,
    });

    for (const sender of [
      enterStage,
      remindOrEscalate,
      recordProductOutcome,
      completeOnboarding,
      actionApi,
      viewPages,
      peopleApi,
      emailEvents,
    ]) {
      email.grantSend(sender);
    }
    // Every function records some fact (rep callbacks decide steps, the API starts onboardings...).
    for (const publisher of [
      enterStage,
      remindOrEscalate,
      recordProductOutcome,
      completeOnboarding,
      actionApi,
      startOnboarding,
      repCallback,
      viewPages,
      peopleApi,
      emailEvents,
    ]) {
      lifecycle.grantPublish(publisher);
    }
    for (const responder of [enterStage, actionApi, repCallback]) {
      workflow.grantTaskResponse(responder);
    }
    workflow.grantStartExecution(startOnboarding);
    workflow.grantStartExecution(viewPages);
    workflow.grantExecution(viewPages, 'states:StopExecution');
    // On the function's construct (its role and policy live beside the function, as for the stuck check).
    Validations.of(viewPages.node.scope ?? viewPages).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:${stateMachineName}:*]`,
      reason:
        "A provider adding another product from their checklist stops the onboarding's running execution so it continues in a new one (exact resume); execution names are only known at run time, so the grant covers the executions of this one state machine (states:StopExecution only).",
    });

    // An answer to a decided step whose execution is gone resumes the onboarding there and then.
    workflow.grantStartExecution(actionApi);
    workflow.grantExecution(actionApi, 'states:DescribeExecution');
    Validations.of(actionApi.node.scope ?? actionApi).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:${stateMachineName}:*]`,
      reason:
        "A person answering a step whose onboarding's execution is gone (aborted, failed) has the onboarding resumed at once: the function describes the execution the onboarding names, whose name is only known at run time, so the grant covers the executions of this one state machine (states:DescribeExecution only).",
    });

    workflow.grantStartExecution(peopleApi);
    workflow.grantExecution(peopleApi, 'states:StopExecution');
    Validations.of(peopleApi.node.scope ?? peopleApi).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:${stateMachineName}:*]`,
      reason:
        "Ops adding another product through the signed API stops the onboarding's running execution so it continues in a new one (exact resume); execution names are only known at run time, so the grant covers the executions of this one state machine (states:StopExecution only).",
    });

    api.route({ actionApi, startOnboarding, repCallback, viewPages, peopleApi });

    const { stateMachine } = new OnboardingStateMachine(this, 'Workflow', {
      stateMachineName,
      tasks: { enterStage, remindOrEscalate, recordProductOutcome, completeOnboarding },
    });

    // Operations: the stuck-onboarding check (every 5 minutes), the alarms and the dashboard.
    // It also hands executions nearing Step Functions' limits over to fresh ones (the long-running
    // guard) and resumes orphans (in progress, no running execution): it records the new execution
    // and the resume, so it writes to the table.
    const stuckCheck = new OnboardingFunction(this, 'CheckStuckOnboardings', {
      handlerName: 'check-stuck-onboardings',
      description:
        'Every 5 minutes: counts onboardings per stage and those without progress for N days, resumes orphans, hands over long-running executions',
      timeout: Duration.minutes(5),
      table,
      environment: {
        ...environment,
        STUCK_AFTER_DAYS: String(config.stuckAfterDays),
        STATE_MACHINE_ARN: stateMachineArn,
      },
    });
    const checkStuckOnboardings = stuckCheck.function;
    // Stuck onboardings, and the resumes of the long-running guard and the orphan sweep.
    lifecycle.grantPublish(checkStuckOnboardings);
    workflow.grantStartExecution(checkStuckOnboardings);
    workflow.grantExecution(checkStuckOnboardings, 'states:StopExecution', 'states:DescribeExecution');
    // The orphan sweep lists the state machine's executions by status.
    workflow.grant(checkStuckOnboardings, 'states:ListExecutions');
    Validations.of(stuckCheck).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:${stateMachineName}:*]`,
      reason:
        'The long-running guard stops the execution of an onboarding it hands over, and the orphan sweep describes the execution an in-progress onboarding names; execution names are only known at run time, so the grant covers the executions of this one state machine (states:StopExecution and states:DescribeExecution only).',
    });
    new StuckOnboardingCheck(this, 'StuckCheck', {
      handler: checkStuckOnboardings,
      every: Duration.minutes(5),
    });

    const alarms = new OnboardingAlarms(this, 'Alarms', {
      stateMachine,
      opsEmail: config.alarmEmail,
      httpApi: api.httpApi,
      stuckAfterDays: config.stuckAfterDays,
      functions: {
        CheckStuckOnboardings: checkStuckOnboardings,
        EnterStage: enterStage,
        RemindOrEscalate: remindOrEscalate,
        RecordProductOutcome: recordProductOutcome,
        CompleteOnboarding: completeOnboarding,
        ActionApi: actionApi,
        StartOnboarding: startOnboarding,
        RepCallback: repCallback,
        ViewPages: viewPages,
        PeopleApi: peopleApi,
        EmailEvents: emailEvents,
      },
    });
    const dashboard = new OnboardingDashboard(this, 'Dashboard', {
      dashboardName: this.stackName,
      stateMachine,
      functions: alarms.functions,
      httpApi: api.httpApi,
      alarms: alarms.alarms,
      stuckAfterDays: config.stuckAfterDays,
    });

    new CfnOutput(this, 'ApiUrl', { value: api.url, description: 'HTTP API endpoint' });
    new CfnOutput(this, 'PublicBaseUrl', {
      value: environment.PUBLIC_BASE_URL ?? api.url,
      description: 'Base URL of emailed action links',
    });
    new CfnOutput(this, 'StateMachineArn', { value: stateMachine.stateMachineArn });
    new CfnOutput(this, 'TableName', { value: table.tableName });
    new CfnOutput(this, 'SesIdentity', {
      value: config.sesIdentity,
      description: 'The SES identity emails are sent from (npm run smoke checks it is verified)',
    });
    new CfnOutput(this, 'MailFrom', {
      value: config.mailFrom,
      description: 'The sender address (npm run smoke checks SPF and DMARC align with its domain)',
    });
    new CfnOutput(this, 'EventBusName', {
      value: lifecycle.bus.eventBusName,
      description: `The bus lifecycle events go to (source "${this.stackName}")`,
    });
    new CfnOutput(this, 'DashboardName', { value: dashboard.dashboard.dashboardName });
    new CfnOutput(this, 'AlarmTopicArn', { value: alarms.topic.topicArn });
    new CfnOutput(this, 'ConfigurationSetName', {
      value: email.configurationSet.configurationSetName,
      exportName: `${this.stackName}-ConfigurationSetName`,
    });
  }
}

function optional(name: string, value: string | number | undefined): Record<string, string> {
  return value === undefined ? {} : { [name]: String(value) };
}

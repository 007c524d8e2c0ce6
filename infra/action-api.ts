import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** Default stage throttling: a few people clicking links and ops scripts, never a crowd. */
const THROTTLE = { rateLimit: 20, burstLimit: 40 };

/**
 * Routes that can send an email on request ("send me a new link", a page's "email me the link").
 * The functions limit emails per step and per recipient in DynamoDB; this caps the request rate
 * before any Lambda runs, so a flood costs neither invocations nor table writes.
 */
export const EMAIL_ON_REQUEST_ROUTES = [
  'POST /a/{id}/renew',
  'POST /a/{id}/hand-over',
  'POST /p/{id}/open',
  'POST /r/{id}/open',
  'POST /p/{id}/invite',
  'POST /p/{id}/products',
  'POST /r/{id}/contact',
  'POST /t/{id}',
  // The signed ops API for people who change: each hand-over, contact or rep change emails links.
  'POST /onboardings/{onboardingId}/hand-over',
  'POST /out-of-office',
  'POST /onboardings/{onboardingId}/contact',
  'POST /onboardings/{onboardingId}/rep',
  'POST /onboardings/{onboardingId}/products',
  'POST /p/{id}/team/remove',
  'POST /onboardings/{onboardingId}/team/remove',
  // A question or an answer on a step emails the other side.
  'POST /a/{id}/messages',
  'POST /p/{id}/messages',
  'POST /r/{id}/messages',
  'POST /onboardings/{onboardingId}/messages',
  // Stopping emails the contact, their team and the rep.
  'POST /onboardings/{onboardingId}/stop',
  'POST /onboardings/{onboardingId}/resend',
];

/** The signed ops API for people who change (IAM): every route the people-api function serves. */
export const PEOPLE_API_ROUTES: { method: apigw.HttpMethod; path: string }[] = [
  { method: apigw.HttpMethod.POST, path: '/onboardings/{onboardingId}/hand-over' },
  { method: apigw.HttpMethod.POST, path: '/out-of-office' },
  { method: apigw.HttpMethod.POST, path: '/onboardings/{onboardingId}/contact' },
  { method: apigw.HttpMethod.POST, path: '/onboardings/{onboardingId}/rep' },
  { method: apigw.HttpMethod.POST, path: '/onboardings/{onboardingId}/products' },
  { method: apigw.HttpMethod.POST, path: '/onboardings/{onboardingId}/team/remove' },
  { method: apigw.HttpMethod.POST, path: '/onboardings/{onboardingId}/stop' },
  { method: apigw.HttpMethod.POST, path: '/onboardings/{onboardingId}/resend' },
  { method: apigw.HttpMethod.GET, path: '/onboardings/{onboardingId}/audit' },
  { method: apigw.HttpMethod.POST, path: '/onboardings/{onboardingId}/messages' },
];
export const EMAIL_ROUTE_THROTTLE = { rateLimit: 2, burstLimit: 5 };

/**
 * One JSON access-log line per request. It records the route template (`POST /a/{id}`), never the
 * path: the path of an action link carries its id, which is the credential.
 */
const ACCESS_LOG_FORMAT = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    requestTime: '$context.requestTime',
    sourceIp: '$context.identity.sourceIp',
    userAgent: '$context.identity.userAgent',
    caller: '$context.identity.userArn',
    routeKey: '$context.routeKey',
    status: '$context.status',
    protocol: '$context.protocol',
    responseLength: '$context.responseLength',
    responseLatency: '$context.responseLatency',
    integrationLatency: '$context.integrationLatency',
    integrationError: '$context.integrationErrorMessage',
    error: '$context.error.message',
  }),
);

export interface ActionApiHandlers {
  /** Renders action pages (GET/HEAD) and records decisions (POST) for emailed links. */
  readonly actionApi: lambda.IFunction;
  /** Starts an onboarding (ops, IAM-authenticated). */
  readonly startOnboarding: lambda.IFunction;
  /** Reps and teams answering a step programmatically (IAM-authenticated). */
  readonly repCallback: lambda.IFunction;
  /** The provider's checklist and a rep's or team's queue (view links from emails). */
  readonly viewPages: lambda.IFunction;
  /** Ops change people: hand-overs, contact and rep, another product, the audit pack (IAM). */
  readonly peopleApi: lambda.IFunction;
}

/**
 * The HTTP API: public action-link routes (the link id is the credential), IAM-authenticated routes
 * for ops and reps, JSON access logs and default-stage throttling.
 */
export class ActionApi extends Construct {
  readonly httpApi: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly accessLogs: logs.LogGroup;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    this.httpApi = new apigw.HttpApi(this, 'HttpApi', {
      description: 'Marketplace onboarding: action links, start onboarding, rep callbacks',
      createDefaultStage: false,
    });

    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: THROTTLE,
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(this.accessLogs),
        format: ACCESS_LOG_FORMAT,
      },
    });
  }

  /**
   * Routes requests to the handlers. Separate from the constructor because the handlers are told the
   * API's URL (PUBLIC_BASE_URL) when they are created.
   */
  route(handlers: ActionApiHandlers): void {
    const actionLinks = new HttpLambdaIntegration('ActionLinks', handlers.actionApi);
    const linkRoutes = [
      ...this.httpApi.addRoutes({
        path: '/a/{id}',
        methods: [apigw.HttpMethod.GET, apigw.HttpMethod.HEAD, apigw.HttpMethod.POST],
        integration: actionLinks,
      }),
      ...this.httpApi.addRoutes({
        path: '/a/{id}/renew',
        methods: [apigw.HttpMethod.POST],
        integration: actionLinks,
      }),
      // The holder of a staff step hands it to someone else (the link is the credential).
      ...this.httpApi.addRoutes({
        path: '/a/{id}/hand-over',
        methods: [apigw.HttpMethod.GET, apigw.HttpMethod.HEAD, apigw.HttpMethod.POST],
        integration: actionLinks,
      }),
      // A question or an answer on the step (the step itself does not change).
      ...this.httpApi.addRoutes({
        path: '/a/{id}/messages',
        methods: [apigw.HttpMethod.POST],
        integration: actionLinks,
      }),
    ];
    const viewPages = new HttpLambdaIntegration('ViewPages', handlers.viewPages);
    for (const prefix of ['/p', '/r']) {
      linkRoutes.push(
        ...this.httpApi.addRoutes({
          path: `${prefix}/{id}`,
          methods: [apigw.HttpMethod.GET, apigw.HttpMethod.HEAD],
          integration: viewPages,
        }),
        ...this.httpApi.addRoutes({
          path: `${prefix}/{id}/open`,
          methods: [apigw.HttpMethod.POST],
          integration: viewPages,
        }),
        // A question or an answer on one of the steps the page shows.
        ...this.httpApi.addRoutes({
          path: `${prefix}/{id}/messages`,
          methods: [apigw.HttpMethod.POST],
          integration: viewPages,
        }),
      );
    }
    // A provider person invites a colleague from their checklist; the primary contact confirms it
    // from the emailed `/t/{id}` link (GET shows the page, only POST adds the colleague).
    linkRoutes.push(
      ...this.httpApi.addRoutes({
        path: '/p/{id}/invite',
        methods: [apigw.HttpMethod.POST],
        integration: viewPages,
      }),
      // A rep replaces an onboarding's provider contact from their queue.
      ...this.httpApi.addRoutes({
        path: '/r/{id}/contact',
        methods: [apigw.HttpMethod.POST],
        integration: viewPages,
      }),
      // "I'm on it" on a team's step, and letting go of it, from the team mailbox's queue (no email).
      ...this.httpApi.addRoutes({
        path: '/r/{id}/claim',
        methods: [apigw.HttpMethod.POST],
        integration: viewPages,
      }),
      ...this.httpApi.addRoutes({
        path: '/r/{id}/release',
        methods: [apigw.HttpMethod.POST],
        integration: viewPages,
      }),
      // "Publish another product": the provider's content and publication request for one more product.
      ...this.httpApi.addRoutes({
        path: '/p/{id}/products',
        methods: [apigw.HttpMethod.POST],
        integration: viewPages,
      }),
      // The primary contact removes a colleague from the team: their links stop working at once.
      ...this.httpApi.addRoutes({
        path: '/p/{id}/team/remove',
        methods: [apigw.HttpMethod.POST],
        integration: viewPages,
      }),
      ...this.httpApi.addRoutes({
        path: '/t/{id}',
        methods: [apigw.HttpMethod.GET, apigw.HttpMethod.HEAD, apigw.HttpMethod.POST],
        integration: viewPages,
      }),
    );
    // `RouteSettings` is a JSON map in CloudFormation: CDK passes it as is, so the keys are CFN's.
    const stage = this.stage.node.defaultChild as apigw.CfnStage;
    stage.routeSettings = Object.fromEntries(
      EMAIL_ON_REQUEST_ROUTES.map((routeKey) => [
        routeKey,
        {
          ThrottlingRateLimit: EMAIL_ROUTE_THROTTLE.rateLimit,
          ThrottlingBurstLimit: EMAIL_ROUTE_THROTTLE.burstLimit,
        },
      ]),
    );
    for (const route of linkRoutes) {
      Validations.of(route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          'Action-link routes are opened from emails by people without AWS identities: the 256-bit random link id in the path is the credential (only its SHA-256 is stored), GET/HEAD only render, links expire, and renewal mails only the recipient on file.',
      });
    }

    const iamAuth = new HttpIamAuthorizer();
    this.httpApi.addRoutes({
      path: '/onboardings',
      methods: [apigw.HttpMethod.POST],
      integration: new HttpLambdaIntegration('StartOnboarding', handlers.startOnboarding),
      authorizer: iamAuth,
    });
    this.httpApi.addRoutes({
      path: '/callbacks/{onboardingId}',
      methods: [apigw.HttpMethod.POST],
      integration: new HttpLambdaIntegration('RepCallback', handlers.repCallback),
      authorizer: iamAuth,
    });
    const people = new HttpLambdaIntegration('PeopleApi', handlers.peopleApi);
    for (const { method, path } of PEOPLE_API_ROUTES) {
      this.httpApi.addRoutes({ path, methods: [method], integration: people, authorizer: iamAuth });
    }
  }

  /** The API's default endpoint (`https://{id}.execute-api.{region}.amazonaws.com`), serving `$default`. */
  get url(): string {
    return this.httpApi.apiEndpoint;
  }
}

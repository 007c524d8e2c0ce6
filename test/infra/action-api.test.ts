import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import type { ActionApi } from '../../infra/action-api.ts';
import { type FunctionId, synthesizeStack } from './stack-fixture.ts';

const { stack, template, fn, logicalId } = synthesizeStack();
const api = stack.node.findChild('Api') as ActionApi;
const resources = template.toJSON().Resources as Record<
  string,
  { Type: string; Properties: Record<string, unknown> }
>;

const routes = Object.values(resources)
  .filter((resource) => resource.Type === 'AWS::ApiGatewayV2::Route')
  .map((route) => route.Properties);
const routeFor = (routeKey: string) => {
  const route = routes.find((candidate) => candidate.RouteKey === routeKey);
  if (!route) throw new Error(`no route ${routeKey}`);
  return route;
};
/** The function a route's integration invokes. */
const targetOf = (routeKey: string): unknown => {
  const target = routeFor(routeKey).Target as { 'Fn::Join': [string, [string, { Ref: string }]] };
  const integration = resources[target['Fn::Join'][1][1].Ref];
  return integration?.Properties.IntegrationUri;
};
const arnOf = (id: FunctionId) => ({ 'Fn::GetAtt': [logicalId(fn(id).function), 'Arn'] });

const PUBLIC_ROUTES = [
  'GET /a/{id}',
  'HEAD /a/{id}',
  'POST /a/{id}',
  'POST /a/{id}/renew',
  'GET /a/{id}/hand-over',
  'HEAD /a/{id}/hand-over',
  'POST /a/{id}/hand-over',
  'POST /a/{id}/messages',
];
const VIEW_ROUTES = [
  'GET /p/{id}',
  'HEAD /p/{id}',
  'POST /p/{id}/open',
  'GET /r/{id}',
  'HEAD /r/{id}',
  'POST /r/{id}/open',
  'POST /p/{id}/messages',
  'POST /r/{id}/messages',
  'POST /p/{id}/invite',
  'POST /p/{id}/products',
  'POST /p/{id}/team/remove',
  'POST /r/{id}/contact',
  'POST /r/{id}/claim',
  'POST /r/{id}/release',
  'GET /t/{id}',
  'HEAD /t/{id}',
  'POST /t/{id}',
];
const IAM_ROUTES: Record<string, FunctionId> = {
  'POST /onboardings': 'StartOnboarding',
  'POST /callbacks/{onboardingId}': 'RepCallback',
  'POST /onboardings/{onboardingId}/hand-over': 'PeopleApi',
  'POST /out-of-office': 'PeopleApi',
  'POST /onboardings/{onboardingId}/contact': 'PeopleApi',
  'POST /onboardings/{onboardingId}/rep': 'PeopleApi',
  'POST /onboardings/{onboardingId}/products': 'PeopleApi',
  'POST /onboardings/{onboardingId}/team/remove': 'PeopleApi',
  'POST /onboardings/{onboardingId}/stop': 'PeopleApi',
  'POST /onboardings/{onboardingId}/resend': 'PeopleApi',
  'GET /onboardings/{onboardingId}/audit': 'PeopleApi',
  'POST /onboardings/{onboardingId}/messages': 'PeopleApi',
};

describe('the HTTP API', () => {
  it('has exactly the action-link, start, callback and people routes', () => {
    expect(routes.map((route) => route.RouteKey).sort()).toEqual(
      [...PUBLIC_ROUTES, ...VIEW_ROUTES, ...Object.keys(IAM_ROUTES)].sort(),
    );
  });

  it.each(VIEW_ROUTES)(
    '%s is open (the view link id is the credential) and goes to view-pages',
    (routeKey) => {
      expect(routeFor(routeKey).AuthorizationType).toBe('NONE');
      expect(targetOf(routeKey)).toEqual(arnOf('ViewPages'));
    },
  );

  it.each(PUBLIC_ROUTES)('%s is open (the link id is the credential) and goes to action-api', (routeKey) => {
    expect(routeFor(routeKey).AuthorizationType).toBe('NONE');
    expect(targetOf(routeKey)).toEqual(arnOf('ActionApi'));
  });

  it.each(Object.entries(IAM_ROUTES))('%s requires IAM (SigV4) and goes to %s', (routeKey, id) => {
    expect(routeFor(routeKey).AuthorizationType).toBe('AWS_IAM');
    expect(targetOf(routeKey)).toEqual(arnOf(id));
  });

  it('uses Lambda proxy integrations with payload format 2.0', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Integration', 5);
    template.allResourcesProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
    });
  });

  it('serves one auto-deployed $default stage with throttling', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Stage', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: Match.anyValue(), ThrottlingBurstLimit: Match.anyValue() },
    });
  });

  it('throttles every route that can send an email on request harder than the stage', () => {
    const stage = Object.values(resources).find((resource) => resource.Type === 'AWS::ApiGatewayV2::Stage');
    const settings = stage?.Properties.RouteSettings as Record<string, Record<string, number>>;
    const stageDefault = stage?.Properties.DefaultRouteSettings as Record<string, number>;
    expect(Object.keys(settings).sort()).toEqual([
      'POST /a/{id}/hand-over',
      'POST /a/{id}/messages',
      'POST /a/{id}/renew',
      'POST /onboardings/{onboardingId}/contact',
      'POST /onboardings/{onboardingId}/hand-over',
      'POST /onboardings/{onboardingId}/messages',
      'POST /onboardings/{onboardingId}/products',
      'POST /onboardings/{onboardingId}/rep',
      'POST /onboardings/{onboardingId}/resend',
      'POST /onboardings/{onboardingId}/stop',
      'POST /onboardings/{onboardingId}/team/remove',
      'POST /out-of-office',
      'POST /p/{id}/invite',
      'POST /p/{id}/messages',
      'POST /p/{id}/open',
      'POST /p/{id}/products',
      'POST /p/{id}/team/remove',
      'POST /r/{id}/contact',
      'POST /r/{id}/messages',
      'POST /r/{id}/open',
      'POST /t/{id}',
    ]);
    for (const [routeKey, setting] of Object.entries(settings)) {
      expect(routes.map((route) => route.RouteKey)).toContain(routeKey);
      expect(setting).toEqual({ ThrottlingRateLimit: 2, ThrottlingBurstLimit: 5 });
      expect(setting.ThrottlingRateLimit).toBeLessThan(stageDefault.ThrottlingRateLimit ?? 0);
    }
  });

  it('writes JSON access logs to a log group kept three months, with the route template but never the path', () => {
    const stage = Object.values(resources).find((resource) => resource.Type === 'AWS::ApiGatewayV2::Stage');
    const settings = stage?.Properties.AccessLogSettings as { DestinationArn: unknown; Format: string };
    expect(settings.DestinationArn).toEqual({ 'Fn::GetAtt': [logicalId(api.accessLogs), 'Arn'] });
    const format = JSON.parse(settings.Format) as Record<string, string>;
    expect(format).toMatchObject({ requestId: '$context.requestId', routeKey: '$context.routeKey' });
    expect(settings.Format).not.toMatch(/\$context\.(path|resourcePath)\b/);
    expect(resources[logicalId(api.accessLogs)]?.Properties.RetentionInDays).toBe(90);
  });

  it('lets API Gateway invoke each handler only from its own routes', () => {
    const permissions = Object.values(resources).filter(
      (resource) =>
        resource.Type === 'AWS::Lambda::Permission' &&
        resource.Properties.Principal === 'apigateway.amazonaws.com',
    );
    expect(permissions).toHaveLength(
      PUBLIC_ROUTES.length + VIEW_ROUTES.length + Object.keys(IAM_ROUTES).length,
    );
    for (const permission of permissions) {
      expect(permission.Properties).toMatchObject({
        Action: 'lambda:InvokeFunction',
        Principal: 'apigateway.amazonaws.com',
      });
      expect(JSON.stringify(permission.Properties.SourceArn)).toMatch(
        /\/\*\/\*\/([aprt]\/\{id\}|onboardings|callbacks|out-of-office)/,
      );
    }
  });
});

import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { MarketplaceOnboardingStack } from './onboarding-stack.ts';
import { readStackConfig } from './stack-config.ts';

/**
 * The CDK app (`cdk.json` runs it with tsx). One stack; every resource checked by cdk-nag's AWS
 * Solutions pack, with each acknowledged finding carrying its reason next to the construct it covers.
 */
const app = new App();

new MarketplaceOnboardingStack(app, 'MarketplaceOnboardingStack', {
  description: 'Marketplace provider onboarding: Step Functions workflow, Lambda handlers, DynamoDB, SES',
  config: readStackConfig(app.node),
});

Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

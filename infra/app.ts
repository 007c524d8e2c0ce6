import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { MarketplaceOnboardingStack } from './onboarding-stack.ts';
import { readStackConfig, readStackName } from './stack-config.ts';

/**
 * The CDK app (`cdk.json` runs it with tsx). One stack, named by `-c stackName=...` (its physical
 * names derive from it, so a second copy can live beside the first); every resource checked by cdk-nag's AWS
 * Solutions pack, with each acknowledged finding carrying its reason next to the construct it covers.
 */
const app = new App();

new MarketplaceOnboardingStack(app, readStackName(app.node), {
  description: 'Marketplace provider onboarding: Step Functions workflow, Lambda handlers, DynamoDB, SES',
  config: readStackConfig(app.node),
});

Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

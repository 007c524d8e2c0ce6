import type { Resources } from '../checklist/resources.ts';
import type { StageKey } from '../checklist/stages.ts';

/** The seed checklist's links for each stage, as the provider's checklist page shows them. */
export function stageGuidance(stage: StageKey, resources: Resources): { text: string; href: string }[] {
  switch (stage) {
    case 'cloud-account':
      return [
        { text: 'How to find your account alias', href: resources.aliasHelpUrl },
        { text: 'Create a free cloud account (no cost)', href: resources.freeAccountUrl },
      ];
    case 'portal-access':
      return [
        { text: 'Provider Portal', href: resources.providerPortalUrl },
        {
          text: 'Getting Started Guide: Marketplace & Provider Portal',
          href: resources.gettingStartedGuideUrl,
        },
      ];
    case 'provider-agreement':
      return [{ text: 'Marketplace Provider Agreement guidance', href: resources.agreementGuidanceUrl }];
    case 'product-content':
      return [
        { text: 'Staging Provider Portal', href: resources.stagingPortalUrl },
        { text: 'Getting Started Guide', href: resources.gettingStartedGuideUrl },
      ];
    case 'publication-request':
      return [{ text: 'Staging Provider Portal', href: resources.stagingPortalUrl }];
    case 'product-revision':
      return [{ text: 'Staging Provider Portal', href: resources.stagingPortalUrl }];
    default:
      return [];
  }
}

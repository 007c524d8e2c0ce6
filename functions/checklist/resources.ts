/**
 * Links and addresses from the seed checklist. Every one can be overridden by configuration
 * (see `functions/config.ts`); these are the defaults a fresh deployment starts with.
 */
import { PLACEHOLDER_AGREEMENT_TEXT } from './agreement-text.ts';

export const SEED_RESOURCES = {
  freeAccountUrl: 'https://www.ctl.io/free-trial/',
  aliasHelpUrl: 'https://www.ctl.io/knowledge-base/support/determine-control-portal-alias/',
  providerPortalUrl: 'https://provider-portal.ctl.io',
  stagingPortalUrl: 'https://provider-portal.staging.ctl.io/#/login',
  gettingStartedGuideUrl:
    'https://www.ctl.io/knowledge-base/marketplace/getting-started-guide-marketplace-ecosystem-provider-portal/',
  agreementGuidanceUrl:
    'https://www.ctl.io/knowledge-base/marketplace/marketplace-provider-agreement-guidance/',
  contactEmail: 'Marketplace@centurylink.com',
  marketplaceName: 'Lumen Marketplace',
  agreementVersion: '2019-01',
  /** A published product's listing: `{product}` is replaced by its name (URL-encoded). */
  listingUrlTemplate: 'https://www.ctl.io/marketplace/?q={product}',
  /** Shown in full on the acceptance page; its SHA-256 is recorded with each acceptance. */
  agreementText: PLACEHOLDER_AGREEMENT_TEXT,
} as const;

export type Resources = { -readonly [K in keyof typeof SEED_RESOURCES]: string };

/** The marketplace listing of a published product, from the configured template. */
export function listingUrl(resources: Pick<Resources, 'listingUrlTemplate'>, product: string): string {
  return resources.listingUrlTemplate.replaceAll('{product}', encodeURIComponent(product));
}

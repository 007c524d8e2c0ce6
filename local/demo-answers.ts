import { SEED_RESOURCES } from '../functions/checklist/resources.ts';
import type { StageKey } from '../functions/checklist/stages.ts';

export const DEMO_PRODUCTS = ['Acme Backup', 'Acme Monitor'];

/** What each person answers, by stage. */
export const DEMO_ANSWERS: Record<Exclude<StageKey, 'published'>, Record<string, string | string[]>> = {
  'cloud-account': { alias: 'ACME' },
  'portal-access': { decision: 'approve', portalAccount: 'acme-provider' },
  'provider-agreement': {
    signerName: 'Ada Lovelace',
    signerTitle: 'Chief Technology Officer',
    agreementVersion: process.env.AGREEMENT_VERSION ?? SEED_RESOURCES.agreementVersion,
    accept: 'yes',
  },
  'provider-credit': { amount: '2500.00', currency: 'USD' },
  'product-content': { products: DEMO_PRODUCTS.join('\n') },
  'publication-request': { products: DEMO_PRODUCTS, confirm: 'yes' },
  'technical-integration': { decision: 'approve', notes: 'Provisioning and health checks tested.' },
  'billing-integration': { decision: 'approve', notes: 'Usage records reconciled.' },
  'product-revision': { decision: 'resubmit', changes: 'Done.' },
  'marketplace-approval': { decision: 'approve' },
};

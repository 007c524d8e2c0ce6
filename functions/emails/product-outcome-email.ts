import { listingUrl, type Resources } from '../checklist/resources.ts';
import { checklistBlocks, contactLink, greeting, questionsBlock, signOff } from './common-blocks.ts';
import { type Block, heading, link, paragraph } from './email-document.ts';
import { renderEmail } from './render-email.ts';
import type { EmailParty, RenderedEmail } from './types.ts';

/** Tells the provider (and their rep, in copy) that one product reached the end of its path. */
export interface ProductOutcomeEmailInput {
  party: EmailParty;
  product: string;
  outcome: 'published' | 'withdrawn';
  resources: Resources;
  /** The provider's checklist page. */
  checklistUrl?: string;
}

export function renderProductOutcomeEmail(input: ProductOutcomeEmailInput): RenderedEmail {
  const { party, product, resources } = input;
  const published = input.outcome === 'published';
  return renderEmail({
    subject: `${resources.marketplaceName}: ${product} ${published ? 'is published' : 'was withdrawn'}`,
    brand: resources.marketplaceName,
    blocks: [
      heading(published ? `${product} is published` : `${product} was withdrawn`),
      greeting('provider', party),
      ...(published ? publishedBlocks(input) : withdrawnBlocks(input)),
      ...checklistBlocks(input.checklistUrl),
      questionsBlock(resources),
      signOff(resources),
    ],
  });
}

function publishedBlocks({ party, product, resources }: ProductOutcomeEmailInput): Block[] {
  return [
    paragraph(
      `Good news: ${product} from ${party.company} is now live in the ${resources.marketplaceName}, where customers can find and buy it: `,
      link(`see ${product} in the ${resources.marketplaceName}`, listingUrl(resources, product)),
      '.',
    ),
    paragraph(
      'You can keep its content up to date in the ',
      link('Provider Portal', resources.providerPortalUrl),
      '. Thank you for working through the onboarding with us.',
    ),
  ];
}

function withdrawnBlocks({ party, product, resources }: ProductOutcomeEmailInput): Block[] {
  return [
    paragraph(
      `${product} was withdrawn from the onboarding of ${party.company} and will not be published in the ${resources.marketplaceName}.`,
    ),
    paragraph(
      'If this is unexpected, or you would like to publish it later, write to us at ',
      contactLink(resources),
      '.',
    ),
  ];
}

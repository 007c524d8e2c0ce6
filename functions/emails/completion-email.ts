import type { Resources } from '../checklist/resources.ts';
import { greeting, questionsBlock, signOff } from './common-blocks.ts';
import { heading, link, list, paragraph } from './email-document.ts';
import { renderEmail } from './render-email.ts';
import type { EmailParty, RenderedEmail } from './types.ts';

/** The summary sent once, when every requested product is published or withdrawn. */
export interface CompletionEmailInput {
  party: EmailParty;
  products: { name: string; status: 'published' | 'withdrawn' }[];
  resources: Resources;
  /** The provider's checklist page. */
  checklistUrl?: string;
}

const STATUS_LABELS = { published: 'published', withdrawn: 'withdrawn' } as const;

export function renderCompletionEmail(input: CompletionEmailInput): RenderedEmail {
  const { party, products, resources } = input;
  return renderEmail({
    subject: `${resources.marketplaceName}: onboarding complete for ${party.company}`,
    brand: resources.marketplaceName,
    blocks: [
      heading('Onboarding complete'),
      greeting('provider', party),
      paragraph(`The onboarding of ${party.company} to the ${resources.marketplaceName} is complete.`),
      ...(products.length > 0
        ? [
            paragraph('Every product you asked us to publish is now published or withdrawn:'),
            list(...products.map((product) => [`${product.name}: ${STATUS_LABELS[product.status]}`])),
          ]
        : [paragraph('No products were published.')]),
      paragraph(
        'Your ',
        link('Provider Portal', resources.providerPortalUrl),
        ' account stays open for keeping your product content up to date.',
      ),
      ...(input.checklistUrl
        ? [
            paragraph(
              'To publish another product, use “Publish another product” on ',
              link('your onboarding checklist', input.checklistUrl),
              ', where every step of your onboarding stays on record.',
            ),
          ]
        : []),
      questionsBlock(resources),
      signOff(resources),
    ],
  });
}

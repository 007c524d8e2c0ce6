import type { Resources } from '../checklist/resources.ts';
import type { StageDefinition } from '../checklist/stages.ts';
import { contactLink } from './common-blocks.ts';
import { type Block, link, list, paragraph } from './email-document.ts';
import type { EmailParty, SentBack } from './types.ts';

/** What the checklist says about each stage, told to the person who acts on it. */

export interface ActionEmailFacts {
  alias?: string;
  creditAmount?: string;
  currency?: string;
  /** Products the provider said are ready (from the product-content step). */
  products?: string[];
}

export interface StageContentInput {
  party: EmailParty;
  stage: StageDefinition;
  product?: string;
  facts: ActionEmailFacts;
  feedback?: SentBack;
  resources: Resources;
}

export function stageContent(input: StageContentInput): Block[] {
  switch (input.stage.key) {
    case 'cloud-account':
      return cloudAccount(input);
    case 'portal-access':
      return portalAccess(input);
    case 'provider-agreement':
      return providerAgreement(input);
    case 'provider-credit':
      return providerCredit(input);
    case 'product-content':
      return productContent(input);
    case 'publication-request':
      return publicationRequest(input);
    case 'technical-integration':
    case 'billing-integration':
      return integration(input);
    case 'product-revision':
      return productRevision(input);
    case 'marketplace-approval':
      return marketplaceApproval(input);
    case 'published':
      // Nobody acts on "published" (renderActionEmail refuses it); its news is the product outcome email.
      return [];
  }
}

function aliasOf({ facts, party }: StageContentInput): string | undefined {
  return facts.alias ?? party.alias;
}

function cloudAccount({ resources }: StageContentInput): Block[] {
  return [
    paragraph(
      `To join the ${resources.marketplaceName} we need your company’s cloud account alias: 2 to 6 letters or digits, for example ACME.`,
    ),
    list(
      [
        'Your company already has a cloud account: enter its alias on the page. ',
        link('How to find your account alias', resources.aliasHelpUrl),
        '.',
      ],
      [
        'Your company has no cloud account yet: ',
        link('create a free account', resources.freeAccountUrl),
        ' first, then enter its alias on the page. You will be emailed a username and password; sign in once to change the password.',
      ],
    ),
    paragraph(
      'There is no cost to create or keep the account. Once your company accepts the Marketplace Provider Agreement (a later step), the account receives a Marketplace provider credit to cover integration costs.',
    ),
  ];
}

function portalAccess(input: StageContentInput): Block[] {
  const { party, resources } = input;
  const alias = aliasOf(input);
  return [
    paragraph(
      alias
        ? `${party.company} gave their cloud account alias: ${alias}.`
        : `${party.company} has not given a cloud account alias yet; check with them before creating the account.`,
    ),
    paragraph(
      'Create their account in the ',
      link('Provider Portal', resources.providerPortalUrl),
      ' for this alias, then confirm on the page. If the alias cannot be found, send it back with a reason and the provider will be asked for it again.',
    ),
    paragraph(
      'Once you confirm, the provider is emailed their Provider Portal access and asked to accept the Marketplace Provider Agreement.',
    ),
  ];
}

function providerAgreement({ resources }: StageContentInput): Block[] {
  return [
    paragraph('Your Provider Portal account is ready. Here is everything you need to get started:'),
    list(
      [
        link('Provider Portal (production)', resources.providerPortalUrl),
        ': sign in with your cloud account credentials.',
      ],
      [
        link('Provider Portal (staging)', resources.stagingPortalUrl),
        ': where you create and test your products, with the same credentials.',
      ],
      ['Training material and videos: inside the Provider Portal.'],
      [
        link('Getting Started Guide: Marketplace & Provider Portal', resources.gettingStartedGuideUrl),
        ': your primary guide to creating products, best used together with the training videos. It is updated monthly.',
      ],
      ['Questions, or something missing from the guide: ', contactLink(resources), '.'],
    ),
    paragraph(
      `Next, please accept the Marketplace Provider Agreement (version ${resources.agreementVersion}) on behalf of your company. Read the `,
      link('Marketplace Provider Agreement guidance', resources.agreementGuidanceUrl),
      ' first. Acceptance is a click-through: on the page you give your name and title and tick “I accept”.',
    ),
    paragraph(
      'Once you accept, your cloud account receives a Marketplace provider credit to cover integration costs.',
    ),
  ];
}

function providerCredit(input: StageContentInput): Block[] {
  const { party, resources } = input;
  const alias = aliasOf(input);
  return [
    paragraph(
      `${party.company} accepted the Marketplace Provider Agreement (version ${resources.agreementVersion}).`,
    ),
    paragraph(
      `Please apply the Marketplace provider credit to ${alias ? `cloud account ${alias}` : 'their cloud account'}, then record the amount and currency on the page. The provider is then told the credit is on the account and asked to build their product content.`,
    ),
  ];
}

function productContent(input: StageContentInput): Block[] {
  const { facts, resources } = input;
  const alias = aliasOf(input);
  const credit = facts.creditAmount
    ? `Your Marketplace provider credit of ${facts.creditAmount}${facts.currency ? ` ${facts.currency}` : ''}`
    : 'Your Marketplace provider credit';
  return [
    paragraph(
      `${credit} is now on your cloud account${alias ? ` (${alias})` : ''}. It covers integration costs on the account.`,
    ),
    paragraph(
      'Now build your public product content in the ',
      link('staging Provider Portal', resources.stagingPortalUrl),
      ', following the ',
      link('Getting Started Guide', resources.gettingStartedGuideUrl),
      '. You sign in with the same cloud account credentials in staging and production.',
    ),
    paragraph(
      'We want customers to enjoy learning about your product. If you would like help with your content, write to us at ',
      contactLink(resources),
      '.',
    ),
    paragraph('When one or more products are ready, list them on the page, one per line.'),
  ];
}

function publicationRequest({ facts, resources }: StageContentInput): Block[] {
  const ready = facts.products ?? [];
  return [
    ...(ready.length > 0
      ? [paragraph('Products you told us are ready:'), list(...ready.map((name) => [name]))]
      : []),
    paragraph(
      `Choose which of them to publish. A product is published only once its technical and billing integration is completed and tested, and a member of the ${resources.marketplaceName} team approves it.`,
    ),
    paragraph(
      'Members of the Platform Enablement team will then work with your technical team to design the integration; the details vary by provider and are agreed with you.',
    ),
  ];
}

function integration({ party, stage, product }: StageContentInput): Block[] {
  const name = product ?? 'their product';
  const technical = stage.key === 'technical-integration';
  return [
    paragraph(`${party.company} asked to publish ${name}.`),
    paragraph(
      technical
        ? `Please work with the provider’s technical team to complete and test the technical integration of ${name}.`
        : `Please complete and test the billing integration of ${name}.`,
    ),
    paragraph(
      `When it is completed and tested, sign it off on the page. If it cannot be completed, send it back with a reason and the provider will be asked to revise the product. ${technical ? 'Billing' : 'Technical'} integration is signed off separately, at the same time.`,
    ),
  ];
}

function productRevision({ product, feedback, resources }: StageContentInput): Block[] {
  const name = product ?? 'Your product';
  return [
    paragraph(
      feedback
        ? `${name} was sent back to you; the reason is quoted above.`
        : `${name} was sent back to you. If the reason is not clear, write to us at `,
      ...(feedback ? [] : [contactLink(resources), '.']),
    ),
    paragraph(
      'Make the changes asked for in the ',
      link('staging Provider Portal', resources.stagingPortalUrl),
      `, then resubmit ${product ?? 'the product'} on the page and say what you changed. If you no longer want it published, you can withdraw it there instead.`,
    ),
  ];
}

function marketplaceApproval({ party, product, resources }: StageContentInput): Block[] {
  const name = product ?? 'The product';
  return [
    paragraph(
      `${name} from ${party.company} has been through technical and billing integration and is ready for review.`,
    ),
    paragraph('You can review it in the ', link('staging Provider Portal', resources.stagingPortalUrl), '.'),
    paragraph(
      `Approve it to publish it in the ${resources.marketplaceName}, request changes with a reason (choosing whether it goes back to the provider’s content or to integration), or record that it is withdrawn.`,
    ),
  ];
}

import type { Role, StageKey } from '../checklist/stages.ts';

/**
 * What happens after a decision, in the words of the person who made it. Read from the checklist's
 * order, so the page can say so at once (the next stage's wait may not be entered yet). When the next
 * step is the same person's, it says so instead of "you will hear from us".
 */
export function whatHappensNext(
  stage: StageKey,
  fields: Record<string, unknown>,
  role: Role,
): { text: string; sameReader: boolean } {
  const others = (text: string) => ({ text, sameReader: false });
  const provider = role === 'provider';
  switch (stage) {
    case 'cloud-account':
      return others(
        'Next, your marketplace representative creates your Provider Portal account for this alias. We will email you when it is ready; nothing is needed from you until then.',
      );
    case 'portal-access':
      return others(
        fields.decision === 'send-back'
          ? 'The provider is emailed your reason and asked for a corrected alias; it comes back to you when they answer.'
          : 'The provider is emailed their portal access and asked to accept the Marketplace Provider Agreement; the credit comes to you after that.',
      );
    case 'provider-agreement':
      return others(
        'Next, your marketplace representative applies the provider credit to your cloud account. We will email you when it is done.',
      );
    case 'provider-credit':
      return others(
        'The provider is told the credit is on their account and asked to build their product content.',
      );
    case 'product-content':
      return {
        text: 'Your next step is yours too: choose which of these products to publish. It is at the top of your checklist, a button away.',
        sameReader: true,
      };
    case 'publication-request':
      return others(
        'Next, the Platform Enablement and billing teams integrate each product and test it; then the Marketplace team reviews it. We will email you at each step.',
      );
    case 'technical-integration':
    case 'billing-integration':
      return others(
        fields.decision === 'send-back'
          ? 'The provider is emailed your reason and asked to revise the product; it comes back to you when they resubmit it.'
          : 'Once both the technical and the billing integration are signed off, the Marketplace team is asked to approve the product.',
      );
    case 'product-revision':
      return others(
        fields.decision === 'withdraw'
          ? 'The product is withdrawn: it will not be published. Your other products carry on.'
          : 'The team that asked for the changes reviews your product again. We will email you when there is news.',
      );
    case 'marketplace-approval':
      if (fields.decision === 'approve')
        return others('The product is published, and the provider and their representative are told.');
      if (fields.decision === 'withdraw') return others('The product is withdrawn and the provider is told.');
      return others(
        fields.sendBackTo === 'integration'
          ? 'The product goes back to technical and billing integration; it comes back to you after.'
          : 'The provider is emailed your reason and asked to revise the product; it comes back to you when they resubmit it.',
      );
    default:
      return others(
        provider ? 'We will email you when there is something for you to do.' : 'Nothing more is needed.',
      );
  }
}

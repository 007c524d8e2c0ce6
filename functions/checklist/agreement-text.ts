/**
 * The text of the Marketplace Provider Agreement shown on the acceptance page. This default is a
 * placeholder: a deployment sets `AGREEMENT_TEXT` (and `AGREEMENT_VERSION`) to the real agreement.
 * The page shows exactly this text and the acceptance records its SHA-256, so what was accepted can
 * be proved later even after the text changes.
 */
export const PLACEHOLDER_AGREEMENT_TEXT = `PLACEHOLDER — NOT THE REAL AGREEMENT

This text stands in for the Marketplace Provider Agreement (MPA). The marketplace replaces it with the real agreement before onboarding providers; until then, accepting it records only that you read this placeholder.

1. Parties. The agreement is between the marketplace operator and the provider company named on this page.

2. Listing. The provider may list the products the marketplace approves, in the marketplace's catalogue, under the marketplace's listing guidelines.

3. Provider credit. On acceptance, the marketplace applies a provider credit to the provider's cloud account, to be used for building and testing the products it lists.

4. Integration. Each product is published only once its technical and billing integration is completed and tested and the marketplace team approves it.

5. Billing. Customers are billed by the marketplace; the provider is paid as set out in the real agreement's billing schedule.

6. Term. The agreement runs until either party ends it as set out in the real agreement.

For what the real agreement covers, see the Marketplace Provider Agreement guidance linked on this page.`;

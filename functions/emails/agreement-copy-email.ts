import type { Resources } from '../checklist/resources.ts';
import { formatDateTime } from '../pages/format.ts';
import { signOff } from './common-blocks.ts';
import { facts, heading, paragraph } from './email-document.ts';
import { renderEmail } from './render-email.ts';
import type { EmailParty, RenderedEmail } from './types.ts';

export interface AgreementCopyInput {
  party: EmailParty;
  version: string;
  signerName: string;
  signerTitle: string;
  acceptedAt: string;
  sha256: string;
  /** The exact text accepted, as the page showed it. */
  text: string;
  resources: Resources;
}

/** To the person who accepted the agreement: what they accepted, word for word, and the record of it. */
export function renderAgreementCopyEmail(input: AgreementCopyInput): RenderedEmail {
  const { party, resources } = input;
  return renderEmail({
    subject: `Your copy: ${resources.marketplaceName} Provider Agreement, version ${input.version} — ${party.company}`,
    brand: resources.marketplaceName,
    blocks: [
      heading(`Your copy of the Marketplace Provider Agreement, version ${input.version}`),
      paragraph(`Hello ${input.signerName},`),
      paragraph(
        `You accepted the Marketplace Provider Agreement on behalf of ${party.company}. This is a copy of the text you accepted, for your records.`,
      ),
      facts([
        { label: 'Company', value: party.company },
        { label: 'Accepted by', value: `${input.signerName}, ${input.signerTitle}` },
        { label: 'Version', value: input.version },
        { label: 'Accepted on', value: formatDateTime(input.acceptedAt) },
        { label: 'Fingerprint of the text (SHA-256)', value: input.sha256 },
      ]),
      heading(`Marketplace Provider Agreement, version ${input.version}`),
      ...input.text.split(/\n{2,}/).map((part) => paragraph(part)),
      signOff(resources),
    ],
  });
}

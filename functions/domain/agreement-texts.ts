import { sha256Hex } from './action-links.ts';
import type { Dependencies } from './dependencies.ts';

/**
 * Keeps the exact text being accepted under its SHA-256 before the acceptance is recorded, so every
 * acceptance on record points at a text the audit pack can show.
 */
export async function keepAcceptedText(
  deps: Pick<Dependencies, 'store' | 'config' | 'clock'>,
): Promise<void> {
  const { agreementVersion, agreementText } = deps.config.resources;
  await deps.store.keepAgreementText({
    sha256: sha256Hex(agreementText),
    version: agreementVersion,
    text: agreementText,
    keptAt: deps.clock().toISOString(),
  });
}

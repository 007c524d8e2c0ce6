import type { StageKey } from '../checklist/stages.ts';

/** Who an email (or page) is about: the provider company being onboarded. */
export interface EmailParty {
  company: string;
  contactName: string;
  onboardingId: string;
  /** The cloud account alias, once the provider gave it. */
  alias?: string;
}

/** Why work came back to someone: the stage that sent it back and the reason given there. */
export interface SentBack {
  fromStage: StageKey;
  reason: string;
}

/** A rendered email. Both bodies say the same thing; the subject never contains a line break. */
export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

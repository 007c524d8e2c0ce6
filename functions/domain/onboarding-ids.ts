import { randomBytes } from 'node:crypto';

const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789'; // no 0/o, 1/l: ids get read aloud and typed

/** A readable slug of the company name: lower-case ASCII letters, digits and dashes, at most 40. */
export function slugOf(company: string): string {
  const slug = company
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return slug || 'provider';
}

/** Onboarding id = company slug + 8 random characters (40 bits): readable in the console, unique in practice. */
export function newOnboardingId(company: string, random: (size: number) => Buffer = randomBytes): string {
  const suffix = Array.from(random(8), (byte) => ALPHABET[byte % ALPHABET.length]).join('');
  return `${slugOf(company)}-${suffix}`;
}

/** Execution names must be unique per state machine; a resume gets its own readable name. */
export function executionNameFor(onboardingId: string, resumeNumber = 0): string {
  return resumeNumber === 0 ? onboardingId : `${onboardingId}-resume-${resumeNumber}`;
}

export const ONBOARDING_ID = /^[a-z0-9](?:[a-z0-9-]{0,40})-[a-z2-9]{8}$/;

/** `<stage>#<product or ->#<entry>`; product names are free text, so only the shape and size are checked. */
export const WAIT_KEY = /^[a-z-]{2,40}#[^\p{Cc}]{1,240}$/u;

import { ROLE_LABELS, type Role } from '../checklist/stages.ts';
import type { StepStatus } from '../domain/provider-checklist.ts';
import { html, type SafeHtml } from './html.ts';

/** Status words and tags shared by the checklist and queue pages. Colour is never the only signal. */
const STATUS_WORDS: Record<StepStatus, string> = {
  done: 'Done',
  'waiting-on-you': 'Waiting on you',
  'waiting-on-marketplace': 'Waiting on the marketplace',
  'not-started': 'Not started',
  'sent-back': 'Sent back',
  withdrawn: 'Withdrawn',
  'no-longer-needed': 'No longer needed',
};

const STATUS_CLASS: Record<StepStatus, string> = {
  done: 'tag-done',
  'waiting-on-you': 'tag-you',
  'waiting-on-marketplace': 'tag-them',
  'not-started': 'tag-none',
  'sent-back': 'tag-back',
  withdrawn: 'tag-none',
  'no-longer-needed': 'tag-none',
};

export function statusWords(status: StepStatus): string {
  return STATUS_WORDS[status];
}

export function statusTag(status: StepStatus): SafeHtml {
  return html`<span class="tag ${STATUS_CLASS[status]}">${STATUS_WORDS[status]}</span>`;
}

/** Who is responsible, as the provider reads it. */
export function responsibleFor(role: Role | 'system'): string {
  if (role === 'provider') return 'You (the provider)';
  if (role === 'system') return 'The marketplace (automatic)';
  return ROLE_LABELS[role];
}

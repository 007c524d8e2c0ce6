import type { Role } from '../checklist/stages.ts';
import { type Block, paragraph, quote } from './email-document.ts';

/** A question on the step that still waits for an answer, as a reminder mentions it. */
export interface OpenQuestion {
  /** Whose answer it waits for. */
  waitingOn: 'provider' | 'marketplace';
  text: string;
}

/**
 * The reminder of a step with an open question says so: to the side that owes the answer, the
 * question itself; to the side that asked, that it is still unanswered (so the wait is understood).
 */
export function openQuestionBlocks(question: OpenQuestion | undefined, reader: Role): Block[] {
  if (!question) return [];
  const readerSide = reader === 'provider' ? 'provider' : 'marketplace';
  if (question.waitingOn === readerSide) {
    return [
      paragraph(
        'A question on this step waits on your answer. Answer it from the step page (the step does not change until it is decided):',
      ),
      quote('The question', question.text),
    ];
  }
  return [
    paragraph(
      `Waiting on the ${question.waitingOn === 'provider' ? "provider's" : "marketplace's"} answer to this question; you can still decide the step at any time:`,
    ),
    quote('The question', question.text),
  ];
}

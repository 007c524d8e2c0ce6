import { threadsOf } from '../domain/conversation/thread.ts';
import type { StepMessage, Wait } from '../domain/model.ts';

/**
 * `show`'s "Questions and answers": each step's conversation, newest last, with who wrote, when and
 * from which link, and whether a question still waits for an answer. Nothing when no step has one.
 */
export function threadLines(waits: readonly Wait[], messages: readonly StepMessage[]): string[] {
  const threads = threadsOf(waits, messages);
  const steps = [...waits]
    .filter((wait) => threads.has(wait.waitKey))
    .sort((a, b) => a.enteredAt.localeCompare(b.enteredAt));
  if (steps.length === 0) return [];
  return [
    'Questions and answers:',
    ...steps.flatMap((wait) => {
      const thread = threads.get(wait.waitKey);
      if (!thread) return [];
      const waiting = thread.waitingOn ? `  — waiting on the ${thread.waitingOn}'s answer` : '';
      return [
        `  ${wait.stage}${wait.product ? ` [${wait.product}]` : ''}${waiting}`,
        ...thread.entries.map(
          (entry) =>
            `    ${entry.at}  ${entry.kind} by ${entry.author} (${entry.side}, via ${entry.via}): ${entry.text.replace(/\s*\n\s*/g, ' / ')}`,
        ),
      ];
    }),
  ];
}

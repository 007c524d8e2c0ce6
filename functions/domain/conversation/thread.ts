import type { ConversationSide, StepMessage, Wait } from '../model.ts';
import { feedbackFrom } from '../stage-facts.ts';
import { latestWaitOf } from '../wait-selection.ts';

/**
 * One line of a step's conversation, newest last: a message, or what a decision already said (the
 * reason a step was sent back, the provider's note on what they changed). Those are read from the
 * decisions on file, never stored twice.
 */
export interface ThreadEntry {
  kind: 'question' | 'answer' | 'sent-back' | 'resubmitted';
  side: ConversationSide;
  author: string;
  /** Which link it came from: a message's credential kind, or "decision" for a decision's words. */
  via: StepMessage['via'] | 'decision';
  text: string;
  at: string;
}

/** A step's conversation: its entries, and whether a question on it still waits for the other side. */
export interface StepThread {
  waitKey: string;
  entries: ThreadEntry[];
  /** The side whose answer a question waits for (undefined: nothing open). */
  waitingOn?: ConversationSide;
}

/**
 * The conversation of one wait, newest last: the send-back that opened it (a revision's reason),
 * its messages, and its own decision's words (a send-back's reason, a resubmission's note).
 */
export function threadOf(wait: Wait, waits: readonly Wait[], messages: readonly StepMessage[]): StepThread {
  const entries: ThreadEntry[] = [];
  const feedback = feedbackFrom(waits, wait);
  const source = feedback && latestWaitOf(waits, feedback.fromStage, wait.product)?.decision;
  if (feedback && source) entries.push(sentBack(source.actor.id, feedback.reason, source.at));
  const own = messages.filter((message) => message.waitKey === wait.waitKey);
  for (const message of own) {
    entries.push({
      kind: message.kind,
      side: message.side,
      author: message.author,
      via: message.via,
      text: message.text,
      at: message.at,
    });
  }
  const decision = wait.decision;
  if (decision?.outcome === 'changes-requested' && decision.reason) {
    entries.push(sentBack(decision.actor.id, decision.reason, decision.at));
  }
  const changes = decision?.fields.changes;
  if (decision?.outcome === 'submitted' && typeof changes === 'string' && changes) {
    entries.push({
      kind: 'resubmitted',
      side: 'provider',
      author: decision.actor.id,
      via: 'decision',
      text: changes,
      at: decision.at,
    });
  }
  entries.sort((a, b) => a.at.localeCompare(b.at));
  return { waitKey: wait.waitKey, entries, waitingOn: waitingOn(own) };
}

/** Every wait's conversation that has something in it, keyed by wait key. */
export function threadsOf(waits: readonly Wait[], messages: readonly StepMessage[]): Map<string, StepThread> {
  const threads = new Map<string, StepThread>();
  for (const wait of waits) {
    const thread = threadOf(wait, waits, messages);
    if (thread.entries.length > 0) threads.set(wait.waitKey, thread);
  }
  return threads;
}

/**
 * A question is open until the other side writes after it: the latest message decides. An answer
 * closes what was asked; a question asked after an answer opens again.
 */
export function waitingOn(messages: readonly StepMessage[]): ConversationSide | undefined {
  const last = messages.at(-1);
  if (last?.kind !== 'question') return undefined;
  return last.side === 'provider' ? 'marketplace' : 'provider';
}

function sentBack(author: string, reason: string, at: string): ThreadEntry {
  return { kind: 'sent-back', side: 'marketplace', author, via: 'decision', text: reason, at };
}

/** The question a step's conversation still waits on, with its words, if there is one. */
export function openQuestionOf(
  waitKey: string,
  messages: readonly StepMessage[],
): { waitingOn: ConversationSide; text: string } | undefined {
  const own = messages.filter((message) => message.waitKey === waitKey);
  const side = waitingOn(own);
  const question = own.at(-1);
  return side && question ? { waitingOn: side, text: question.text } : undefined;
}

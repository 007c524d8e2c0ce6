/** What the people commands print, the same whether they ran here (--local) or through the signed API. */
export const peopleMessages = {
  queueHandedOver: (r: { from: string; to: string; handedOver: number; skipped: number }) =>
    `Handed over ${r.handedOver} step(s) from ${r.from} to ${r.to}; ${r.skipped} skipped.`,
  stepHandedOver: (r: { outcome: string; stage: string; product?: string; to: string }) =>
    r.outcome === 'handed-over'
      ? `Handed over: ${r.stage}${r.product ? ` (${r.product})` : ''} is now with ${r.to}, who was emailed a link.`
      : `Already with ${r.to}: nothing changed.`,
  contactChanged: (who: 'provider' | 'rep', r: { from: string; to: string; stepsHandedOver: number }) =>
    `${who === 'rep' ? 'Rep' : 'Provider contact'} changed from ${r.from} to ${r.to}; ${r.stepsHandedOver} waiting step(s) handed over.`,
  memberRemoved: (r: { removed: string; stepsReturned: number }) =>
    `${r.removed} is no longer on the team; their links no longer work.${r.stepsReturned > 0 ? ` ${r.stepsReturned} step(s) they had went back to the primary contact.` : ''}`,
  productAdded: (r: { product: string; executionName: string }) =>
    `Product "${r.product}" added; the onboarding continues as ${r.executionName}.`,
  messagePosted: (r: { outcome: string; kind: string }) =>
    r.outcome === 'posted'
      ? `${r.kind === 'question' ? 'Question' : 'Answer'} recorded on the step and emailed to the other side; the step itself did not change.`
      : 'Already recorded (the same submission): nothing sent again.',
};

/** Closes dynalite's Query iterators when its streams end (see dynalite-iterators.mjs). */
export function closeDynaliteIterators(): void;

import { type StageKey, stageDefinition } from '../functions/checklist/stages.ts';

/** A stage as people name it ("Provider Portal access"), never its key; "Completed" for the end. */
export function stageLabel(stage: string): string {
  if (stage === 'completed') return 'Completed';
  try {
    return stageDefinition(stage as StageKey).title;
  } catch {
    return stage;
  }
}

import { readAsl } from './definition.ts';
import { aslToMermaid } from './mermaid.ts';

export const DIAGRAM_START =
  '<!-- workflow-diagram:start (generated from statemachine/onboarding.asl.json by `npm run diagram`) -->';
export const DIAGRAM_END = '<!-- workflow-diagram:end -->';

/** The README's diagram block, as it must read for the current ASL. */
export function expectedDiagramBlock(): string {
  return `${DIAGRAM_START}\n\`\`\`mermaid\n${aslToMermaid(readAsl())}\n\`\`\`\n${DIAGRAM_END}`;
}

export function replaceDiagramBlock(readme: string): string {
  const start = readme.indexOf(DIAGRAM_START);
  const end = readme.indexOf(DIAGRAM_END);
  if (start < 0 || end < start) throw new Error('README.md has no workflow diagram markers');
  return readme.slice(0, start) + expectedDiagramBlock() + readme.slice(end + DIAGRAM_END.length);
}

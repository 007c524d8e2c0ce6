import { type AslMachine, isHumanWait, transitionsOf } from './definition.ts';

/**
 * Draws the workflow as a Mermaid flowchart for the README. Human waits are rounded, choices are
 * diamonds, Parallel and Map states are subgraphs; a test keeps the README's copy in sync.
 */
export function aslToMermaid(machine: AslMachine): string {
  const ids = new Map<string, string>();
  const idOf = (name: string) => {
    let id = ids.get(name);
    if (!id) {
      id = `s${ids.size + 1}`;
      ids.set(name, id);
    }
    return id;
  };
  const lines = ['flowchart TD'];
  const label = (name: string) => name.replace(/"/g, "'");

  const draw = (scope: AslMachine, indent: string) => {
    for (const [name, state] of Object.entries(scope.States)) {
      const id = idOf(name);
      if (state.Type === 'Parallel' || state.Type === 'Map') {
        lines.push(`${indent}subgraph ${id} ["${label(name)}"]`);
        for (const inner of state.Branches ?? []) draw(inner, `${indent}  `);
        if (state.ItemProcessor) draw(state.ItemProcessor, `${indent}  `);
        lines.push(`${indent}end`);
      } else if (state.Type === 'Choice') {
        lines.push(`${indent}${id}{"${label(name)}"}`);
      } else if (isHumanWait(state)) {
        lines.push(`${indent}${id}("${label(name)}")`);
      } else if (state.Type === 'Succeed' || state.Type === 'Fail') {
        lines.push(`${indent}${id}(["${label(name)}"])`);
      } else {
        lines.push(`${indent}${id}["${label(name)}"]`);
      }
    }
    for (const [name, state] of Object.entries(scope.States)) {
      for (const target of new Set(transitionsOf(state))) {
        const timeout = (state.Catch ?? []).some(
          (c) => c.Next === target && c.ErrorEquals.includes('States.Timeout'),
        );
        lines.push(`${indent}${idOf(name)} ${timeout ? '-. timeout .->' : '-->'} ${idOf(target)}`);
      }
    }
  };
  lines.push(`  start((start)) --> ${idOf(machine.StartAt)}`);
  draw(machine, '  ');
  return lines.join('\n');
}

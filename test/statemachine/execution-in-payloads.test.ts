import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ASL_FILE } from '../../infra/onboarding-state-machine.ts';

interface State {
  Type: string;
  Parameters?: { FunctionName?: string; Payload?: Record<string, unknown> };
  Branches?: { States: Record<string, State> }[];
  ItemProcessor?: { States: Record<string, State> };
  Iterator?: { States: Record<string, State> };
}

function lambdaTasks(states: Record<string, State>): [string, State][] {
  return Object.entries(states).flatMap(([name, state]): [string, State][] => [
    ...(state.Type === 'Task' && state.Parameters?.FunctionName ? [[name, state] as [string, State]] : []),
    ...(state.Branches ?? []).flatMap((branch) => lambdaTasks(branch.States)),
    ...lambdaTasks(state.ItemProcessor?.States ?? state.Iterator?.States ?? {}),
  ]);
}

describe('task payloads', () => {
  const definition = JSON.parse(readFileSync(ASL_FILE, 'utf8')) as { States: Record<string, State> };
  const tasks = lambdaTasks(definition.States);

  it('name the execution, so every log line of a task says which execution it served', () => {
    expect(tasks.length).toBeGreaterThan(20);
    for (const [name, task] of tasks) {
      expect(task.Parameters?.Payload?.['execution.$'], name).toBe('$$.Execution.Name');
    }
  });
});

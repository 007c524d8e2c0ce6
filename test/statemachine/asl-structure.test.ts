import aslValidator from 'asl-validator';
import { describe, expect, it } from 'vitest';
import { STAGES } from '../../functions/checklist/stages.ts';
import {
  allStates,
  isHumanWait,
  readAsl,
  readAslText,
  substitutionNames,
  transitionsOf,
} from '../../statemachine/definition.ts';

const aslText = readAslText();
const machine = readAsl();
const states = allStates(machine);

describe('the onboarding state machine definition', () => {
  it('is valid Amazon States Language, paths and ARNs included', () => {
    const concrete = JSON.parse(
      aslText.replaceAll(/\$\{(\w+)\}/g, 'arn:aws:lambda:us-east-1:123456789012:function:$1'),
    );
    const result = aslValidator(concrete, { checkPaths: true, checkArn: true });
    expect(result.errors).toEqual([]);
    expect(result.isValid).toBe(true);
  });

  it('uses JSONPath, which the local interpreter runs', () => {
    expect((JSON.parse(aslText) as { QueryLanguage?: string }).QueryLanguage).toBe('JSONPath');
  });

  it('names exactly the four task functions as substitutions', () => {
    expect(substitutionNames(aslText)).toEqual([
      'CompleteOnboardingFunctionArn',
      'EnterStageFunctionArn',
      'RecordProductOutcomeFunctionArn',
      'RemindOrEscalateFunctionArn',
    ]);
  });

  it('reaches every state from the start of its scope', () => {
    const unreachable: string[] = [];
    const scopes = new Set(states.map((flat) => flat.scope));
    for (const scope of scopes) {
      const seen = new Set<string>([scope.StartAt]);
      const queue = [scope.StartAt];
      while (queue.length > 0) {
        const state = scope.States[queue.shift() as string];
        for (const next of state ? transitionsOf(state) : []) {
          if (!seen.has(next)) {
            seen.add(next);
            queue.push(next);
          }
        }
      }
      unreachable.push(...Object.keys(scope.States).filter((name) => !seen.has(name)));
    }
    expect(unreachable).toEqual([]);
  });

  it('gives every human wait a timeout from the input and a States.Timeout catch that reminds and returns', () => {
    const waits = states.filter((flat) => isHumanWait(flat.state));
    expect(waits.length).toBeGreaterThanOrEqual(12);
    for (const { name, state, scope } of waits) {
      expect(state.TimeoutSecondsPath, name).toMatch(/^\$\.config\.(provider|team)WaitSeconds$/);
      const catcher = state.Catch?.find((c) => c.ErrorEquals.includes('States.Timeout'));
      expect(catcher, name).toBeDefined();
      const reminder = scope.States[catcher?.Next ?? ''];
      expect(reminder?.Type, name).toBe('Task');
      expect(JSON.stringify(reminder?.Parameters), name).toContain('RemindOrEscalateFunctionArn');
      expect(reminder?.Next, `${name}: the reminder returns to the same wait`).toBe(name);
    }
  });

  it('passes the task token only inside the Lambda payload of human waits', () => {
    for (const { name, state } of states) {
      const parameters = JSON.stringify(state.Parameters ?? {});
      if (isHumanWait(state)) {
        const payload = (state.Parameters?.Payload ?? {}) as Record<string, unknown>;
        expect(payload['taskToken.$'], name).toBe('$$.Task.Token');
      } else {
        expect(parameters, name).not.toContain('Task.Token');
      }
    }
  });

  it('retries transient failures with backoff on every Lambda task', () => {
    for (const { name, state } of states.filter((flat) => flat.state.Type === 'Task')) {
      const errors = (state.Retry ?? []).flatMap((retrier) => retrier.ErrorEquals);
      expect(errors, name).toEqual(
        expect.arrayContaining([
          'Lambda.ServiceException',
          'Lambda.TooManyRequestsException',
          'TransientError',
        ]),
      );
    }
  });

  it('has a console state named after each stage in the checklist', () => {
    const names = new Set(states.map((flat) => flat.name));
    for (const stage of STAGES.filter((candidate) => candidate.consoleStateName)) {
      expect(names.has(stage.consoleStateName as string), stage.consoleStateName).toBe(true);
    }
  });

  it('can start at every recorded stage (resume)', () => {
    const start = machine.States[machine.StartAt];
    expect(start?.Type).toBe('Choice');
    const targets = JSON.stringify(start);
    for (const stage of [
      'portal-access',
      'provider-agreement',
      'provider-credit',
      'product-content',
      'publication-request',
      'products',
    ]) {
      expect(targets).toContain(`"${stage}"`);
    }
  });
});

import aslValidator from 'asl-validator';
import { describe, expect, it } from 'vitest';
import { MAX_PRODUCTS } from '../../functions/checklist/decision-forms.ts';
import { STAGES, type StageKey } from '../../functions/checklist/stages.ts';
import { dueSecondsName } from '../../functions/domain/stage-due-times.ts';
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

  it("gives every human wait its stage's due time from the input, the same one its entry records, and a States.Timeout catch that reminds and returns", () => {
    const waits = states.filter((flat) => isHumanWait(flat.state));
    expect(waits.length).toBeGreaterThanOrEqual(12);
    for (const { name, state, scope } of waits) {
      const payload = (state.Parameters?.Payload ?? {}) as Record<string, unknown>;
      const duePath = `$.config.dueSeconds.${dueSecondsName(payload.stage as StageKey)}`;
      expect(state.TimeoutSecondsPath, name).toBe(duePath);
      expect(payload['timeoutSeconds.$'], `${name}: the recorded due date is the timer's`).toBe(duePath);
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

  it('retries every Lambda service error, a timed-out sandbox and TransientError on every Lambda task', () => {
    // A Lambda that times out or whose service hiccups must never fail a months-long onboarding.
    const retried = [
      'Lambda.ServiceException',
      'Lambda.AWSLambdaException',
      'Lambda.SdkClientException',
      'Lambda.TooManyRequestsException',
      'Lambda.ClientExecutionTimeoutException',
      'Lambda.Unknown',
      'Sandbox.Timedout',
      'TransientError',
    ];
    const tasks = states.filter((flat) => flat.state.Type === 'Task');
    expect(tasks.length).toBeGreaterThan(20);
    for (const { name, state } of tasks) {
      const errors = (state.Retry ?? []).flatMap((retrier) => retrier.ErrorEquals);
      expect(errors, name).toEqual(expect.arrayContaining(retried));
    }
  });

  it('runs every product a provider may request at once (Map MaxConcurrency covers MAX_PRODUCTS)', () => {
    const maps = states.filter((flat) => flat.state.Type === 'Map');
    expect(maps.length).toBeGreaterThan(0);
    for (const { name, state } of maps) {
      const concurrency = (state as { MaxConcurrency?: number }).MaxConcurrency ?? 0;
      expect(concurrency === 0 || concurrency >= MAX_PRODUCTS, name).toBe(true);
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

  it('has an entry for every resume position: each product start and each integration branch start', () => {
    const choiceValues = (name: string) => {
      const state = states.find((flat) => flat.name === name)?.state as
        | { Choices: { StringEquals?: string; Next: string }[]; Default?: string }
        | undefined;
      expect(state, name).toBeDefined();
      return new Set((state?.Choices ?? []).flatMap((choice) => choice.StringEquals ?? []));
    };
    // ProductStart: integration is the Choice's default.
    const product = choiceValues('Where does this product resume?');
    for (const start of ['marketplace-approval', 'approval-revision', 'published'])
      expect(product).toContain(start);
    // BranchStart: the sign-off is each branch's default.
    for (const branch of ['technical', 'billing']) {
      const values = choiceValues(`Where does ${branch} integration resume?`);
      expect([...values].sort(), branch).toEqual(['complete', 'revision']);
    }
  });

  it('never uses IsPresent: false (the local interpreter never matches it; Not { IsPresent: true } means the same)', () => {
    expect(aslText).not.toMatch(/"IsPresent":\s*false/);
  });
});

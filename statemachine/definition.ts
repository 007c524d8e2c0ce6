import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The one workflow definition; CDK, the local runtime, the tests and the README diagram all read this file. */
export const ASL_PATH = fileURLToPath(new URL('./onboarding.asl.json', import.meta.url));

export interface AslState {
  Type: string;
  Next?: string;
  End?: boolean;
  Default?: string;
  Resource?: string;
  Parameters?: Record<string, unknown>;
  TimeoutSeconds?: number;
  TimeoutSecondsPath?: string;
  Choices?: { Next: string }[];
  Catch?: { ErrorEquals: string[]; Next: string; ResultPath?: string }[];
  Retry?: { ErrorEquals: string[] }[];
  Branches?: AslMachine[];
  ItemProcessor?: AslMachine;
  Comment?: string;
}

export interface AslMachine {
  StartAt: string;
  States: Record<string, AslState>;
  Comment?: string;
}

export function readAslText(path = ASL_PATH): string {
  return readFileSync(path, 'utf8');
}

export function readAsl(path = ASL_PATH): AslMachine {
  return JSON.parse(readAslText(path)) as AslMachine;
}

/** Every `${Name}` placeholder the deployment must fill in. */
export function substitutionNames(aslText: string): string[] {
  return [...new Set([...aslText.matchAll(/\$\{(\w+)\}/g)].map((match) => match[1] as string))].sort();
}

export interface FlatState {
  name: string;
  state: AslState;
  /** The machine (top level, a Parallel branch or a Map processor) the state belongs to. */
  scope: AslMachine;
}

/** All states, nested Parallel branches and Map processors included. */
export function allStates(machine: AslMachine): FlatState[] {
  return Object.entries(machine.States).flatMap(([name, state]) => [
    { name, state, scope: machine },
    ...(state.Branches ?? []).flatMap(allStates),
    ...(state.ItemProcessor ? allStates(state.ItemProcessor) : []),
  ]);
}

/** Where a state can go next within its own scope (Next, Default, Choices, Catch). */
export function transitionsOf(state: AslState): string[] {
  return [
    ...(state.Next ? [state.Next] : []),
    ...(state.Default ? [state.Default] : []),
    ...(state.Choices ?? []).map((choice) => choice.Next),
    ...(state.Catch ?? []).map((catcher) => catcher.Next),
  ];
}

export function isHumanWait(state: AslState): boolean {
  return state.Type === 'Task' && (state.Resource ?? '').endsWith('.waitForTaskToken');
}

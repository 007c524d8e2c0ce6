import { mapStacksOnDemand } from '../../functions/runtime/source-mapped-stacks.ts';

// Bundled and run by test/infra/source-mapped-stacks.test.ts, which reads the line numbers below.
mapStacksOnDemand();

export function refuseTheAlias(alias: string): never {
  throw new Error(`The alias ${alias} is taken`); // line 7
}

export function submitTheForm(alias: string): never {
  return refuseTheAlias(alias.toUpperCase()); // line 11
}

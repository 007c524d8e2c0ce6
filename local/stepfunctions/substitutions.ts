import { type AccountScope, lambdaFunctionArn } from './names.ts';
import { WorkflowServiceError } from './service-error.ts';

export interface LocalFunctionRef {
  /** The `${Substitution}` the definition names it by, e.g. `EnterStageFunctionArn`. */
  substitution: string;
  /** `EnterStageFunctionArn` -> `EnterStageFunction`: readable in histories and Lambda contexts. */
  functionName: string;
  arn: string;
}

const SUBSTITUTION = /\$\{([^}]*)\}/g;
const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,64}$/;

export function functionRefFor(scope: AccountScope, substitution: string): LocalFunctionRef {
  const functionName = substitution.length > 3 ? substitution.replace(/Arn$/, '') : substitution;
  if (!FUNCTION_NAME.test(functionName)) {
    throw new WorkflowServiceError(
      'InvalidDefinition',
      `Substitution \${${substitution}} cannot name a Lambda function (letters, digits, - and _ only)`,
    );
  }
  return { substitution, functionName, arn: lambdaFunctionArn(scope, functionName) };
}

/**
 * Fills every `${Name}` in the ASL text with the fake ARN of the local function registered under that
 * name, as CDK's DefinitionSubstitutions do on AWS. A placeholder without a function is an error
 * naming all of them: a half-substituted definition would only fail later, at the first task.
 */
export function substituteFunctionArns(
  definition: string,
  functions: ReadonlyMap<string, LocalFunctionRef>,
): string {
  const missing = new Set<string>();
  const text = definition.replace(SUBSTITUTION, (whole, name: string) => {
    const ref = functions.get(name);
    if (!ref) {
      missing.add(name);
      return whole;
    }
    return ref.arn;
  });
  if (missing.size > 0) {
    const names = [...missing].map((name) => `\${${name}}`).join(', ');
    throw new WorkflowServiceError('InvalidDefinition', `No local function registered for ${names}`);
  }
  return text;
}

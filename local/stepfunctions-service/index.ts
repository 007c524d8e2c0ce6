export {
  type StepFunctionsService,
  type StepFunctionsServiceOptions,
  startStepFunctionsService,
} from './server.ts';

import { STAGES, type StageKey } from '../../functions/checklist/stages.ts';
import { DEMO_ANSWERS, DEMO_PRODUCTS } from '../../local/demo-answers.ts';

/**
 * Every distinct place an onboarding with two products can be waiting on people: the crash matrix.
 * A position is reached by playing a plan (answers per slot, in order); a listed slot whose answers
 * have run out is left waiting. From a position, if everyone answers "yes" from then on, the rest of
 * the onboarding adds exactly `newWaits` waits: a resume that asks anyone again adds more.
 */
export type Answer = Record<string, string | string[]>;

/** A thread of waits: a stage, for a product (or the onboarding), for revisions the stage that asked. */
export function slot(stage: StageKey, product?: string, after?: StageKey): string {
  return `${stage}|${product ?? ''}|${after ?? ''}`;
}

export interface WaitPosition {
  label: string;
  /** Answers per slot, in order. Slots not listed get the demo answer every time. */
  plan: Record<string, Answer[]>;
  /** Slots waiting on a person once the position is reached. */
  pending: string[];
  /** Waits the rest of the onboarding adds when everyone then answers "yes". */
  newWaits: number;
}

const SEND_BACK: Answer = { decision: 'send-back', reason: 'Please fix the health check.' };
const WITHDRAW: Answer = { decision: 'withdraw', reason: 'We will come back next year.' };
const TO_CONTENT: Answer = {
  decision: 'request-changes',
  sendBackTo: 'content',
  reason: 'The listing needs screenshots.',
};
const TO_INTEGRATION: Answer = {
  decision: 'request-changes',
  sendBackTo: 'integration',
  reason: 'Metering is off by one.',
};
const SIGN_OFF = DEMO_ANSWERS['technical-integration'];
const RESUBMIT = DEMO_ANSWERS['product-revision'];

/** The six stages before the products fan out, in order. */
const ONBOARDING_STAGES: StageKey[] = STAGES.filter((stage) => !stage.perProduct).map((stage) => stage.key);
const WAITS_PER_PRODUCT = 3; // technical, billing, marketplace approval

/** Waiting at one of the six onboarding-level stages. */
function onboardingPositions(): WaitPosition[] {
  return ONBOARDING_STAGES.map((stage, index) => ({
    label: `waiting at ${stage}`,
    plan: { [slot(stage)]: [] },
    pending: [slot(stage)],
    newWaits: ONBOARDING_STAGES.length - index - 1 + DEMO_PRODUCTS.length * WAITS_PER_PRODUCT,
  }));
}

type ProductPosition = (product: string) => Omit<WaitPosition, 'label'> & { label: string };

/** One product's place: each integration branch in each of its states, approval and its revision. */
export const PRODUCT_POSITIONS: ProductPosition[] = [
  (p) => {
    const [t, b] = branches(p);
    return {
      label: 'technical and billing sign-offs waiting',
      plan: { [t]: [], [b]: [] },
      pending: [t, b],
      newWaits: 1,
    };
  },
  (p) => {
    const [t, b, , rb] = branches(p);
    return {
      label: 'technical sign-off waiting, billing revision waiting',
      plan: { [t]: [], [b]: [SEND_BACK], [rb]: [] },
      pending: [t, rb],
      newWaits: 2,
    };
  },
  (p) => {
    const [t, b] = branches(p);
    return {
      label: 'technical sign-off waiting, billing signed off',
      plan: { [t]: [], [b]: [SIGN_OFF] },
      pending: [t],
      newWaits: 1,
    };
  },
  (p) => {
    const [t, b, rt] = branches(p);
    return {
      label: 'technical revision waiting, billing sign-off waiting',
      plan: { [t]: [SEND_BACK], [rt]: [], [b]: [] },
      pending: [rt, b],
      newWaits: 2,
    };
  },
  (p) => {
    const [t, b, rt, rb] = branches(p);
    return {
      label: 'technical and billing revisions both waiting',
      plan: { [t]: [SEND_BACK], [rt]: [], [b]: [SEND_BACK], [rb]: [] },
      pending: [rt, rb],
      newWaits: 3,
    };
  },
  (p) => {
    const [t, b, rt] = branches(p);
    return {
      label: 'technical revision waiting, billing signed off',
      plan: { [t]: [SEND_BACK], [rt]: [], [b]: [SIGN_OFF] },
      pending: [rt],
      newWaits: 2,
    };
  },
  (p) => {
    const [t, b] = branches(p);
    return {
      label: 'technical signed off, billing sign-off waiting',
      plan: { [t]: [SIGN_OFF], [b]: [] },
      pending: [b],
      newWaits: 1,
    };
  },
  (p) => {
    const [t, b, , rb] = branches(p);
    return {
      label: 'technical signed off, billing revision waiting',
      plan: { [t]: [SIGN_OFF], [b]: [SEND_BACK], [rb]: [] },
      pending: [rb],
      newWaits: 2,
    };
  },
  (p) => {
    const [t, b, , , a] = branches(p);
    return {
      label: 'marketplace approval waiting',
      plan: { [t]: [SIGN_OFF], [b]: [SIGN_OFF], [a]: [] },
      pending: [a],
      newWaits: 0,
    };
  },
  (p) => {
    const [t, b, , , a, ra] = branches(p);
    return {
      label: 'revision after marketplace review waiting',
      plan: { [t]: [SIGN_OFF], [b]: [SIGN_OFF], [a]: [TO_CONTENT], [ra]: [] },
      pending: [ra],
      newWaits: 1,
    };
  },
  (p) => {
    const [t, b, rt] = branches(p);
    return {
      label: 'technical sign-off waiting again after a revision, billing signed off',
      plan: { [t]: [SEND_BACK], [rt]: [RESUBMIT], [b]: [SIGN_OFF] },
      pending: [t],
      newWaits: 1,
    };
  },
  (p) => {
    const [t, b, , , a] = branches(p);
    return {
      label: 'back in integration after marketplace review: technical waiting, billing signed off',
      plan: { [t]: [SIGN_OFF], [b]: [SIGN_OFF, SIGN_OFF], [a]: [TO_INTEGRATION] },
      pending: [t],
      newWaits: 1,
    };
  },
];

/** The provider withdrew the product during a revision: its billing sign-off is closed, nothing waits. */
const WITHDRAWN: ProductPosition = (p) => {
  const [t, b, rt] = branches(p);
  return {
    label: 'withdrawn',
    plan: { [t]: [SEND_BACK], [rt]: [WITHDRAW], [b]: [] },
    pending: [],
    newWaits: 0,
  };
};

/** The six slots of one product: technical, billing, their revisions, approval and its revision. */
function branches(p: string): [string, string, string, string, string, string] {
  return [
    slot('technical-integration', p),
    slot('billing-integration', p),
    slot('product-revision', p, 'technical-integration'),
    slot('product-revision', p, 'billing-integration'),
    slot('marketplace-approval', p),
    slot('product-revision', p, 'marketplace-approval'),
  ];
}

function bothProducts(first: ProductPosition, second: ProductPosition): WaitPosition {
  const [a, b] = [first(DEMO_PRODUCTS[0] as string), second(DEMO_PRODUCTS[1] as string)];
  return {
    label: `${DEMO_PRODUCTS[0]}: ${a.label} / ${DEMO_PRODUCTS[1]}: ${b.label}`,
    plan: { ...a.plan, ...b.plan },
    pending: [...a.pending, ...b.pending],
    newWaits: a.newWaits + b.newWaits,
  };
}

/**
 * The matrix: the six onboarding-level waits; each product position for the first product, with the
 * second product at another position (Map iterations at different stages); one product withdrawn
 * with the other waiting.
 */
export function crashMatrix(): WaitPosition[] {
  const count = PRODUCT_POSITIONS.length;
  const products = PRODUCT_POSITIONS.map((position, index) =>
    bothProducts(position, PRODUCT_POSITIONS[(index + 5) % count] as ProductPosition),
  );
  return [
    ...onboardingPositions(),
    ...products,
    bothProducts(WITHDRAWN, PRODUCT_POSITIONS[0] as ProductPosition),
  ];
}

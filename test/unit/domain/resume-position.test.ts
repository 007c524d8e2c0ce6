import { describe, expect, it } from 'vitest';
import { STAGES, type StageKey } from '../../../functions/checklist/stages.ts';
import type { Outcome, ProductState, Wait } from '../../../functions/domain/model.ts';
import { productPosition, resumePosition } from '../../../functions/domain/resume-position.ts';

// A clock that only moves forward: each wait is entered after the previous one, as in a real thread.
let tick = 0;
function at(): string {
  tick += 1;
  return new Date(Date.UTC(2026, 0, 1, 0, 0, tick)).toISOString();
}

type State = 'pending' | Outcome | 'closed';

function wait(stage: StageKey, state: State, extra: Partial<Wait> = {}): Wait {
  const enteredAt = at();
  const key = `${stage}#${extra.product ?? '-'}#${extra.after ?? ''}${tick}`;
  const base: Wait = {
    onboardingId: 'acme-k3j9x2ab',
    waitKey: key,
    stage,
    role: 'provider',
    recipient: 'ada@acme.example',
    status: state === 'pending' || state === 'closed' ? state : 'decided',
    taskToken: `token-${tick}`,
    enteredAt,
    deadline: enteredAt,
    timeoutSeconds: 60,
    reminders: 0,
    escalations: 0,
    ...extra,
  };
  if (base.status === 'decided') {
    base.decision = {
      outcome: state as Outcome,
      fields: {},
      actor: { id: 'someone@example', role: 'provider', via: 'link' },
      at: at(),
    };
  }
  return base;
}

/** The six stages before the products fan out, in order. */
const ONBOARDING_STAGES: StageKey[] = STAGES.filter((stage) => !stage.perProduct).map((stage) => stage.key);

const product = (name: string, status: ProductState['status'] = 'in-integration'): ProductState => ({
  name,
  status,
  updatedAt: '2026-01-01T00:00:00.000Z',
});

describe('the resume position of an onboarding before its products', () => {
  it('is the stage on record, afresh, when no wait was recorded yet', () => {
    expect(resumePosition({ stage: 'cloud-account', products: [] }, [])).toEqual({
      level: 'onboarding',
      startAt: 'cloud-account',
      step: {},
    });
    expect(resumePosition({ stage: 'provider-credit', products: [] }, [])).toMatchObject({
      startAt: 'provider-credit',
    });
  });

  for (const stage of ONBOARDING_STAGES) {
    for (const state of ['pending', 'submitted', 'approved', 'changes-requested'] as const) {
      it(`adopts the latest wait when it is ${stage}, ${state} (pending: its link keeps working; decided: replayed)`, () => {
        const earlier = ONBOARDING_STAGES.slice(0, ONBOARDING_STAGES.indexOf(stage)).map((s) =>
          wait(s, 'submitted'),
        );
        const latest = wait(stage, state);
        expect(
          resumePosition({ stage: 'cloud-account', products: [] }, [...earlier, latest].reverse()),
        ).toEqual({
          level: 'onboarding',
          startAt: stage,
          step: { reentryOf: latest.waitKey },
        });
      });
    }
    it(`starts ${stage} afresh when its wait was closed (a stopped onboarding: its link is dead)`, () => {
      expect(resumePosition({ stage: 'cloud-account', products: [] }, [wait(stage, 'closed')])).toEqual({
        level: 'onboarding',
        startAt: stage,
        step: {},
      });
    });
  }

  it('goes back to the alias when the rep sent it back and the new alias wait is pending', () => {
    const first = wait('cloud-account', 'submitted');
    const sentBack = wait('portal-access', 'changes-requested');
    const again = wait('cloud-account', 'pending');
    expect(resumePosition({ stage: 'cloud-account', products: [] }, [again, first, sentBack])).toMatchObject({
      startAt: 'cloud-account',
      step: { reentryOf: again.waitKey },
    });
  });
});

type BranchCase = {
  label: string;
  make: (stage: StageKey, name: string) => Wait[];
  marker?: 'revision' | 'complete';
  adopts: boolean;
};

// Every place one integration branch can stand in, with what its resume must be.
const BRANCH_CASES: BranchCase[] = [
  { label: 'not entered', make: () => [], adopts: false },
  { label: 'sign-off pending', make: (s, p) => [wait(s, 'pending', { product: p })], adopts: true },
  {
    label: 'signed off',
    make: (s, p) => [wait(s, 'approved', { product: p })],
    marker: 'complete',
    adopts: false,
  },
  {
    label: 'sent back, revision not entered yet',
    make: (s, p) => [wait(s, 'changes-requested', { product: p })],
    adopts: true,
  },
  {
    label: 'revision pending',
    make: (s, p) => [
      wait(s, 'changes-requested', { product: p }),
      wait('product-revision', 'pending', { product: p, after: s }),
    ],
    marker: 'revision',
    adopts: true,
  },
  {
    label: 'revision resubmitted, sign-off not entered yet',
    make: (s, p) => [
      wait(s, 'changes-requested', { product: p }),
      wait('product-revision', 'submitted', { product: p, after: s }),
    ],
    marker: 'revision',
    adopts: true,
  },
  {
    label: 'revision withdrawn',
    make: (s, p) => [
      wait(s, 'changes-requested', { product: p }),
      wait('product-revision', 'withdrawn', { product: p, after: s }),
    ],
    marker: 'revision',
    adopts: true,
  },
  {
    label: 'second sign-off pending after a revision',
    make: (s, p) => [
      wait(s, 'changes-requested', { product: p }),
      wait('product-revision', 'submitted', { product: p, after: s }),
      wait(s, 'pending', { product: p }),
    ],
    adopts: true,
  },
  {
    label: 'revision closed (stopped)',
    make: (s, p) => [
      wait(s, 'changes-requested', { product: p }),
      wait('product-revision', 'closed', { product: p, after: s }),
    ],
    marker: 'revision',
    adopts: false,
  },
];

describe('the resume position of a product in integration', () => {
  for (const technical of BRANCH_CASES) {
    for (const billing of BRANCH_CASES) {
      if (technical.marker === 'complete' && billing.marker === 'complete') continue; // in approval
      if (technical.label === 'not entered' && billing.label === 'not entered') continue; // no waits
      it(`technical ${technical.label}, billing ${billing.label}`, () => {
        const techWaits = technical.make('technical-integration', 'Acme Backup');
        const billWaits = billing.make('billing-integration', 'Acme Backup');
        const position = productPosition('Acme Backup', [...billWaits, ...techWaits]);

        expect(position.startAt).toBe('technical-integration');
        const resume: Record<string, string> = {};
        if (technical.marker) resume.technical = technical.marker;
        if (billing.marker) resume.billing = billing.marker;
        expect(position.step.resume ?? {}).toEqual(resume);
        const adopted = (position.step.resumeWaits ?? []).map((w) => w.waitKey).sort();
        const expected = [
          ...(technical.adopts ? [techWaits.at(-1)?.waitKey] : []),
          ...(billing.adopts ? [billWaits.at(-1)?.waitKey] : []),
        ].sort();
        expect(adopted).toEqual(expected);
        // A revision is adopted with the stage that asked for it, so the right branch takes it.
        for (const adoptedWait of position.step.resumeWaits ?? []) {
          const original = [...techWaits, ...billWaits].find((w) => w.waitKey === adoptedWait.waitKey);
          expect(adoptedWait.after).toBe(original?.after);
        }
      });
    }
  }

  it('counts only this round after marketplace approval sent the product back to integration', () => {
    const name = 'Acme Backup';
    const round1 = [
      wait('technical-integration', 'approved', { product: name }),
      wait('billing-integration', 'approved', { product: name }),
    ];
    const sendBack = wait('marketplace-approval', 'changes-requested', { product: name });
    const techRound2 = wait('technical-integration', 'pending', { product: name });
    const position = productPosition(name, [techRound2, sendBack, ...round1]);
    // Billing has no wait in this round yet: it starts afresh, it is not "complete" from round 1.
    expect(position).toEqual({
      name,
      startAt: 'technical-integration',
      step: { resumeWaits: [{ waitKey: techRound2.waitKey }] },
    });
  });
});

describe('the resume position of a product in marketplace approval', () => {
  const name = 'Acme Backup';
  const signedOff = () => [
    wait('technical-integration', 'approved', { product: name }),
    wait('billing-integration', 'approved', { product: name }),
  ];

  for (const state of ['pending', 'approved', 'withdrawn', 'changes-requested'] as const) {
    it(`adopts the approval wait (${state})`, () => {
      const integration = signedOff();
      const approval = wait('marketplace-approval', state, { product: name });
      expect(productPosition(name, [approval, ...integration])).toEqual({
        name,
        startAt: 'marketplace-approval',
        step: { resumeWaits: [{ waitKey: approval.waitKey }] },
      });
    });
  }

  for (const state of ['pending', 'submitted', 'withdrawn'] as const) {
    it(`adopts the revision after marketplace review (${state})`, () => {
      const integration = signedOff();
      const approval = wait('marketplace-approval', 'changes-requested', { product: name });
      const revision = wait('product-revision', state, { product: name, after: 'marketplace-approval' });
      expect(productPosition(name, [revision, approval, ...integration])).toEqual({
        name,
        startAt: 'approval-revision',
        step: { resumeWaits: [{ waitKey: revision.waitKey, after: 'marketplace-approval' }] },
      });
    });
  }

  it('starts the approval afresh when its wait was closed', () => {
    const integration = signedOff();
    const approval = wait('marketplace-approval', 'closed', { product: name });
    expect(productPosition(name, [approval, ...integration])).toEqual({
      name,
      startAt: 'marketplace-approval',
      step: {},
    });
  });
});

describe('the resume position of the products together', () => {
  it('resumes each open product on its own, skips finished ones, and starts untouched ones afresh', () => {
    const backup = wait('marketplace-approval', 'pending', { product: 'Backup' });
    const monitor = wait('technical-integration', 'pending', { product: 'Monitor' });
    const position = resumePosition(
      {
        stage: 'technical-integration',
        products: [
          product('Backup', 'in-review'),
          product('Monitor'),
          product('Mail', 'requested'),
          product('Old', 'published'),
          product('Gone', 'withdrawn'),
        ],
      },
      [wait('publication-request', 'submitted'), backup, monitor],
    );
    expect(position).toEqual({
      level: 'products',
      products: [
        {
          name: 'Backup',
          startAt: 'marketplace-approval',
          step: { resumeWaits: [{ waitKey: backup.waitKey }] },
        },
        {
          name: 'Monitor',
          startAt: 'technical-integration',
          step: { resumeWaits: [{ waitKey: monitor.waitKey }] },
        },
        { name: 'Mail', startAt: 'technical-integration', step: {} },
      ],
    });
  });

  it('has no product left when every product is published or withdrawn (the execution then completes)', () => {
    const position = resumePosition(
      { stage: 'published', products: [product('Old', 'published'), product('Gone', 'withdrawn')] },
      [wait('marketplace-approval', 'approved', { product: 'Old' })],
    );
    expect(position).toEqual({ level: 'products', products: [] });
  });
});

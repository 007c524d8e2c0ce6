import { setTimeout } from 'node:timers/promises';
import { STAGE_KEYS, type StageKey, stageDefinition } from '../../functions/checklist/stages.ts';
import { DEMO_ANSWERS } from '../../local/demo-answers.ts';
import { signedPostJson } from '../../local/signed-fetch.ts';
import { wallClockMs } from '../stats.ts';
import type { Inbox } from './inbox-router.ts';

/** What one person saw while driving one onboarding. */
export interface OnboardingRun {
  completed: boolean;
  /** From an action's POST (or the start POST) to the email it brings being stored, by acted stage. */
  latencies: { stage: string; ms: number }[];
  requests: { start: number; get: number; post: number };
  /** Response times of the action pages, ms. */
  getMs: number[];
  postMs: number[];
  errors: string[];
}

const COMPLETION = /onboarding complete for/;
const PUBLISHED = / is published$/;
/** Action email subjects end with "Step 3 of 9, <stage title>[: <product>]". */
const STEP = /Step \d+ of \d+, (.+)$/;
const ACTION_STAGES = STAGE_KEYS.filter((key) => key !== 'published').map(stageDefinition);

/**
 * Which email an action brings, on the happy path with one product. The two integration sign-offs
 * are asked for at once (either email answers the publication request), and marketplace approval
 * follows whichever sign-off came last. Latency samples pair an action with the email it caused,
 * never with one that was already on its way (the second integration email can arrive after the
 * person acted on the first).
 */
type EmailKind = StageKey | 'integration' | 'completed';
const NEXT: Record<string, EmailKind> = {
  start: 'cloud-account',
  'cloud-account': 'portal-access',
  'portal-access': 'provider-agreement',
  'provider-agreement': 'provider-credit',
  'provider-credit': 'product-content',
  'product-content': 'publication-request',
  'publication-request': 'integration',
  'technical-integration': 'marketplace-approval',
  'billing-integration': 'marketplace-approval',
  'marketplace-approval': 'published',
};

/**
 * A person at a browser, without the browser, playing every part of one onboarding with one product:
 * starts it (SigV4-signed POST /onboardings), then for each email with an action link opens the page
 * (GET) and submits its form (POST), until the completion email arrives. With `thinkMs`, the person
 * first pauses a random time between 0 and twice that (mean `thinkMs`), so people do not act in step.
 */
export async function driveOnboarding(
  apiUrl: string,
  tag: string,
  inbox: Inbox,
  { emailTimeoutMs, thinkMs }: { emailTimeoutMs: number; thinkMs: number },
): Promise<OnboardingRun> {
  const run: OnboardingRun = {
    completed: false,
    latencies: [],
    requests: { start: 0, get: 0, post: 0 },
    getMs: [],
    postMs: [],
    errors: [],
  };
  const product = `Product ${tag}`;
  /** Emails awaited, by kind: which action asked for each, and when its POST was sent. */
  const awaited = new Map<EmailKind, { stage: string; since: number }>();
  const acted = (stage: string, since: number) => {
    const next = NEXT[stage];
    if (next) awaited.set(next, { stage, since });
  };
  acted('start', wallClockMs());
  run.requests.start += 1;
  const started = await signedPostJson(`${apiUrl}/onboardings`, {
    company: `Bench ${tag}`,
    contactName: 'Ada Lovelace',
    contactEmail: `provider-${tag.toLowerCase()}@bench.example`,
    repEmail: `rep-${tag.toLowerCase()}@marketplace.example`,
  }).catch((error: unknown) => error as Error);
  if (started instanceof Error || started.status !== 201) {
    run.errors.push(`start: ${started instanceof Error ? started.message : `answered ${started.status}`}`);
    return run;
  }
  await started.arrayBuffer();

  for (;;) {
    const email = await inbox.next(emailTimeoutMs);
    if (!email) {
      const waitingFor = [...awaited.keys()].join(', ') || 'the next email';
      run.errors.push(`no email within ${emailTimeoutMs / 1000} s while waiting for ${waitingFor}`);
      return run;
    }
    const stage = email.link ? stageOf(email.subject) : undefined;
    const kind = kindOf(email.subject, stage);
    const cause = kind && awaited.get(kind);
    if (kind && cause) {
      run.latencies.push({ stage: cause.stage, ms: email.at - cause.since });
      awaited.delete(kind);
    }
    if (kind === 'completed') {
      run.completed = true;
      return run;
    }
    if (!email.link) continue;
    if (!stage) {
      run.errors.push(`an action email this bench cannot read: "${email.subject}"`);
      return run;
    }
    if (thinkMs > 0) await setTimeout(Math.random() * 2 * thinkMs);
    const posted = await act(email.link, answersFor(stage, product), run);
    if (!posted) return run;
    acted(stage, posted.postAt);
  }
}

function kindOf(subject: string, stage: StageKey | undefined): EmailKind | undefined {
  if (stage === 'technical-integration' || stage === 'billing-integration') return 'integration';
  if (stage) return stage;
  if (PUBLISHED.test(subject)) return 'published';
  if (COMPLETION.test(subject)) return 'completed';
  return undefined;
}

function stageOf(subject: string): StageKey | undefined {
  const where = STEP.exec(subject)?.[1];
  return where === undefined ? undefined : ACTION_STAGES.find((stage) => where.startsWith(stage.title))?.key;
}

function answersFor(stage: StageKey, product: string): Record<string, string | string[]> {
  if (stage === 'product-content') return { products: product };
  if (stage === 'publication-request') return { products: [product], confirm: 'yes' };
  return DEMO_ANSWERS[stage as Exclude<StageKey, 'published'>];
}

/** GET the action page, then POST its form; undefined (and an error) unless both answer 200. */
async function act(
  link: string,
  fields: Record<string, string | string[]>,
  run: OnboardingRun,
): Promise<{ postAt: number } | undefined> {
  try {
    const getAt = wallClockMs();
    run.requests.get += 1;
    const page = await fetch(link);
    await page.arrayBuffer();
    run.getMs.push(wallClockMs() - getAt);
    if (page.status !== 200) {
      run.errors.push(`GET action page answered ${page.status}`);
      return undefined;
    }
    const body = new URLSearchParams();
    for (const [key, value] of Object.entries(fields)) {
      for (const item of Array.isArray(value) ? value : [value]) body.append(key, item);
    }
    const postAt = wallClockMs();
    run.requests.post += 1;
    const submitted = await fetch(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    await submitted.arrayBuffer();
    run.postMs.push(wallClockMs() - postAt);
    if (submitted.status !== 200) {
      run.errors.push(`POST action page answered ${submitted.status}`);
      return undefined;
    }
    return { postAt };
  } catch (error) {
    run.errors.push(`action request failed: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

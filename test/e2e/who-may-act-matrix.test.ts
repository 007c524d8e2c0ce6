import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../functions/config.ts';
import {
  type AuthorityRequest,
  authorize,
  type Refusal,
} from '../../functions/domain/authority/authorize.ts';
import type { Action, Credential } from '../../functions/domain/authority/policy.ts';
import type { Onboarding, OnboardingStatus, Wait } from '../../functions/domain/model.ts';
import { signedFetch } from '../../functions/runtime/signed-fetch.ts';
import { localClientEnvironment } from '../../local/client-environment.ts';
import { LOCAL_AWS } from '../../local/config.ts';
import { DEMO_ANSWERS } from '../../local/demo-answers.ts';
import { readInbox } from '../../local/inbox-client.ts';
import { openAndSubmit } from '../../local/person.ts';
import { signedPostJson } from '../../local/signed-fetch.ts';
import { actionEmail, clientsFor, playEveryone, until } from '../support/onboarding-driver.ts';
import { RuntimeProcess } from '../support/runtime-process.ts';
import { sampleOnboarding } from '../support/seed.ts';
import {
  allowedByTheRules,
  type HeldLink,
  LIFECYCLE_CHANGES,
  type LifecycleChange,
  type PeopleFacts,
} from '../support/who-may-act-rules.ts';

/**
 * Who may act, black box on `npm start`: each person holds only the links emailed to them; for every
 * kind of link × every action its routes offer × every lifecycle change, the answer over HTTP must be
 * what the policy table says (expected answers come from the decision point, fed with a model of who
 * is who that this test keeps from what it did). A refusal changes nothing (the audit pack, read
 * through the signed people API, is the same) and emails nobody (the inbox has no new email).
 */
const REP = 'rep@marketplace.example';
const NEW_REP = 'newrep@marketplace.example';
const COVER = 'cover@marketplace.example';
const OPS = 'arn:aws:iam::123456789012:user/local';
// The runtime's own settings (its contact address is in refusals' words).
const config = loadConfig(localClientEnvironment({}));

const EVENTS = LIFECYCLE_CHANGES;
type LifecycleEvent = LifecycleChange;

/** Where the onboarding waits when the change happens: on the provider (agreement) or on the rep (credit). */
type Position = 'provider-waits' | 'rep-waits';

interface World {
  company: string;
  event: LifecycleEvent;
  position: Position;
  onboardingId: string;
  contact: string;
  member: string;
  /** The model this test keeps of who is who, for the decision point's expected answers. */
  model: { onboarding: Onboarding; provider: Wait; staff: Wait };
  links: {
    contactStep: string;
    memberStep: string;
    repStep: string;
    contactChecklist: string;
    memberChecklist: string;
    repQueue: string;
    invitation: string;
    /** The rep's copy of the provider's news (completed onboardings only). */
    repCopy?: string;
  };
  /** The waits the checklist and queue buttons name. */
  waitKeys: { provider: string; staff: string };
}

interface Probe {
  link: keyof World['links'] | 'ops';
  credential: Credential;
  action: Action;
  /** Which step the action concerns, for the expected answer. */
  step?: 'provider' | 'staff';
  send: (world: World) => Promise<{ status: number; text: string }>;
}

let runtime: RuntimeProcess;
let dataDir: string;
const worlds: World[] = [];

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields),
  redirect: 'manual' as const,
});
const asText = async (response: Response) => ({ status: response.status, text: await response.text() });
const get = async (url: string) => asText(await fetch(url, { redirect: 'manual' }));
const post = async (url: string, fields: Record<string, string> = {}) =>
  asText(await fetch(url, form(fields)));
const signed = async (method: 'GET' | 'POST', path: string, body?: unknown) =>
  asText(await signedFetch({ method, url: `${runtime.apiUrl}${path}`, body }, LOCAL_AWS, LOCAL_AWS.region));

/** Every action each link's routes offer; probes that are allowed change nothing either where they can. */
const PROBES: Probe[] = [
  ...(['contactStep', 'memberStep', 'repStep'] as const).flatMap((link): Probe[] => {
    const step = link === 'repStep' ? 'staff' : 'provider';
    return [
      { link, credential: 'step-link', step, action: 'view-step', send: (w) => get(w.links[link]) },
      // The way on from a step that is over: a fresh checklist or queue link, for the holder only.
      {
        link,
        credential: 'step-link',
        step,
        action: 'go-onwards',
        send: (w) => post(w.links[link], { onwards: 'yes' }),
      },
      // An empty answer: an allowed holder is shown the form's problems, nothing is recorded.
      { link, credential: 'step-link', step, action: 'decide-step', send: (w) => post(w.links[link]) },
      {
        link,
        credential: 'step-link',
        step,
        action: 'hand-over-step',
        send: (w) => post(`${w.links[link]}/hand-over`),
      },
      {
        link,
        credential: 'step-link',
        step,
        action: 'renew-link',
        send: (w) => post(`${w.links[link]}/renew`),
      },
      // An empty message: an allowed holder is told it is required, nothing is recorded or sent.
      {
        link,
        credential: 'step-link',
        step,
        action: 'post-message',
        send: (w) => post(`${w.links[link]}/messages`),
      },
    ];
  }),
  ...(['contactChecklist', 'memberChecklist'] as const).flatMap((link): Probe[] => [
    { link, credential: 'checklist', action: 'view-checklist', send: (w) => get(w.links[link]) },
    {
      link,
      credential: 'checklist',
      action: 'invite-colleague',
      send: (w) => post(`${w.links[link]}/invite`),
    },
    { link, credential: 'checklist', action: 'add-product', send: (w) => post(`${w.links[link]}/products`) },
    {
      link,
      credential: 'checklist',
      action: 'remove-member',
      send: (w) => post(`${w.links[link]}/team/remove`),
    },
    {
      link,
      credential: 'checklist',
      action: 'open-step',
      step: 'provider',
      send: (w) => post(`${w.links[link]}/open`, { onboarding: w.onboardingId, wait: w.waitKeys.provider }),
    },
    {
      link,
      credential: 'checklist',
      action: 'post-message',
      step: 'provider',
      send: (w) => post(`${w.links[link]}/messages`, { step: w.waitKeys.provider }),
    },
  ]),
  {
    link: 'repCopy',
    credential: 'checklist-copy',
    action: 'view-checklist',
    send: (w) => get(w.links.repCopy ?? ''),
  },
  ...(['invite-colleague', 'add-product', 'remove-member', 'post-message'] as const).map(
    (action): Probe => ({
      link: 'repCopy',
      credential: 'checklist-copy',
      action,
      send: (w) =>
        post(
          `${w.links.repCopy}/${{ 'invite-colleague': 'invite', 'add-product': 'products', 'remove-member': 'team/remove', 'post-message': 'messages' }[action]}`,
          action === 'post-message' ? { step: w.waitKeys.provider } : {},
        ),
    }),
  ),
  { link: 'repQueue', credential: 'queue', action: 'view-queue', send: (w) => get(w.links.repQueue) },
  {
    link: 'repQueue',
    credential: 'queue',
    action: 'open-step',
    step: 'staff',
    send: (w) => post(`${w.links.repQueue}/open`, { onboarding: w.onboardingId, wait: w.waitKeys.staff }),
  },
  // "I'm on it" is for a team's steps: the rep's queue may not claim the rep's own step (a well-formed
  // request, so the answer is the policy's, not the form's).
  {
    link: 'repQueue',
    credential: 'queue',
    action: 'claim-step',
    step: 'staff',
    send: (w) =>
      post(`${w.links.repQueue}/claim`, { onboarding: w.onboardingId, wait: w.waitKeys.staff, name: 'Ana' }),
  },
  {
    link: 'repQueue',
    credential: 'queue',
    action: 'release-claim',
    step: 'staff',
    send: (w) =>
      post(`${w.links.repQueue}/release`, {
        onboarding: w.onboardingId,
        wait: w.waitKeys.staff,
        claimedAt: '2026-11-24T10:00:00.000Z',
      }),
  },
  {
    link: 'repQueue',
    credential: 'queue',
    action: 'post-message',
    step: 'staff',
    send: (w) => post(`${w.links.repQueue}/messages`, { onboarding: w.onboardingId, step: w.waitKeys.staff }),
  },
  {
    link: 'repQueue',
    credential: 'queue',
    action: 'change-contact',
    send: (w) => post(`${w.links.repQueue}/contact`, { onboarding: w.onboardingId }),
  },
  {
    link: 'ops',
    credential: 'ops',
    action: 'read-audit',
    send: (w) => signed('GET', `/onboardings/${w.onboardingId}/audit`),
  },
  ...(
    [
      ['hand-over-step', 'hand-over'],
      ['change-contact', 'contact'],
      ['change-rep', 'rep'],
      ['add-product', 'products'],
      ['remove-member', 'team/remove'],
      ['post-message', 'messages'],
      ['stop-onboarding', 'stop'],
      ['email-step-link', 'resend'],
    ] as const
  ).map(
    ([action, route]): Probe => ({
      link: 'ops',
      credential: 'ops',
      action,
      step: action === 'hand-over-step' ? 'staff' : undefined,
      send: (w) => signed('POST', `/onboardings/${w.onboardingId}/${route}`, {}),
    }),
  ),
  {
    link: 'ops',
    credential: 'ops',
    action: 'decide-step',
    step: 'provider',
    send: (w) => signed('POST', `/callbacks/${w.onboardingId}`, { stage: 'provider-agreement' }),
  },
  {
    link: 'ops',
    credential: 'ops',
    action: 'decide-step',
    step: 'staff',
    send: (w) => signed('POST', `/callbacks/${w.onboardingId}`, { stage: 'provider-credit' }),
  },
  // Last: an allowed confirmation adds the colleague (changing the team the other cells read).
  {
    link: 'invitation',
    credential: 'invitation',
    action: 'confirm-invitation',
    send: (w) => post(w.links.invitation),
  },
];

const PAGE = /https?:\/\/\S+?\/(a|p|r|t)\/[A-Za-z0-9_-]{43}/g;
function linksIn(text: string, kind: 'a' | 'p' | 'r' | 't'): string[] {
  return [...text.matchAll(PAGE)].filter((match) => match[1] === kind).map((match) => match[0]);
}

/** Every address here is one world's own, so its latest email of a kind is the one just sent. */
async function emailTo(address: string, subject: RegExp) {
  return until(`an email to ${address} matching ${subject}`, async () =>
    (await readInbox(runtime.sesUrl))
      .filter((email) => email.to.includes(address) && subject.test(email.subject))
      .at(-1),
  );
}

/** Starts an onboarding with a team of one, and has each person act from their own emails up to `position`. */
async function buildWorld(index: number, event: LifecycleEvent, position: Position): Promise<World> {
  const { store } = clientsFor(runtime);
  const contact = `contact-${index}@provider-${index}.example`;
  const member = `member-${index}@provider-${index}.example`;
  const started = await signedPostJson(`${runtime.apiUrl}/onboardings`, {
    company: `Matrix ${index} Ltd`,
    contactName: 'Ada Lovelace',
    contactEmail: contact,
    repEmail: REP,
    team: [{ name: 'Grace Hopper', email: member }],
  });
  expect(started.status).toBe(201);
  const { onboardingId } = (await started.json()) as { onboardingId: string };
  const submit = async (stage: keyof typeof DEMO_ANSWERS) => {
    const { link } = await actionEmail(runtime, store, onboardingId, stage);
    expect((await openAndSubmit(link, DEMO_ANSWERS[stage])).submitted, stage).toBe(200);
    return link;
  };
  await submit('cloud-account');
  const portal = await actionEmail(runtime, store, onboardingId, 'portal-access');
  const repQueue = linksIn(portal.email.text, 'r')[0] as string;
  expect((await openAndSubmit(portal.link, DEMO_ANSWERS['portal-access'])).submitted).toBe(200);

  const agreement = await actionEmail(runtime, store, onboardingId, 'provider-agreement');
  const contactChecklist = linksIn(agreement.email.text, 'p')[0] as string;
  const copy = await emailTo(member, /^For your team: .*Marketplace Provider Agreement/);
  const memberChecklist = linksIn(copy.text, 'p')[0] as string;
  const waitKeys = { provider: waitKeyIn((await get(memberChecklist)).text, onboardingId), staff: '' };
  // The member takes the step from their own checklist: a step link minted for them.
  const opened = await fetch(
    `${memberChecklist}/open`,
    form({ onboarding: onboardingId, wait: waitKeys.provider }),
  );
  expect(opened.status).toBe(303);
  const memberStep = new URL(opened.headers.get('location') ?? '', runtime.apiUrl).toString();

  // A colleague asked for by the member: the contact is emailed a confirmation link.
  expect(
    (
      await post(`${memberChecklist}/invite`, {
        name: 'Ivy Invited',
        email: `ivy-${index}@provider-${index}.example`,
      })
    ).status,
  ).toBe(200);
  const invitation = linksIn((await emailTo(contact, /^Confirm a new team member/)).text, 't')[0] as string;

  let repStep = portal.link;
  if (position === 'rep-waits' || event === 'completed') {
    expect((await openAndSubmit(agreement.link, DEMO_ANSWERS['provider-agreement'])).submitted).toBe(200);
    const credit = await actionEmail(runtime, store, onboardingId, 'provider-credit');
    repStep = credit.link;
    waitKeys.staff = waitKeyIn((await get(repQueue)).text, onboardingId);
  }
  const world: World = {
    company: `Matrix ${index} Ltd`,
    event,
    position,
    onboardingId,
    contact,
    member,
    model: modelOf(onboardingId, contact, member, position),
    links: {
      contactStep: agreement.link,
      memberStep,
      repStep,
      contactChecklist,
      memberChecklist,
      repQueue,
      invitation,
    },
    waitKeys,
  };
  await apply(world);
  return world;
}

/** The wait a page's "open" button names for one onboarding (a rep's queue lists many). */
function waitKeyIn(page: string, onboardingId: string): string {
  const button = new RegExp(
    `name="onboarding" value="${onboardingId}">\\s*<input type="hidden" name="wait" value="([^"]+)"`,
  );
  const key = button.exec(page)?.[1];
  expect(key, `a button for ${onboardingId}`).toBeDefined();
  return decodeHtml(key ?? '');
}

function decodeHtml(text: string): string {
  return text.replaceAll('&#39;', "'").replaceAll('&amp;', '&').replaceAll('&quot;', '"');
}

function modelOf(onboardingId: string, contact: string, member: string, position: Position): World['model'] {
  const onboarding = sampleOnboarding({
    id: onboardingId,
    contactEmail: contact,
    repEmail: REP,
    team: [{ name: 'Grace Hopper', email: member }],
  });
  const wait = (role: Wait['role'], recipient: string, status: Wait['status']): Wait => ({
    onboardingId,
    waitKey: role,
    stage: role === 'provider' ? 'provider-agreement' : 'provider-credit',
    role,
    recipient,
    status,
    taskToken: '',
    enteredAt: '',
    deadline: '',
    timeoutSeconds: 1,
    reminders: 0,
    escalations: 0,
  });
  return {
    onboarding,
    provider: wait('provider', contact, position === 'provider-waits' ? 'pending' : 'decided'),
    // Waiting on the provider, the rep's step is the portal access they decided; else the pending credit.
    staff:
      position === 'provider-waits'
        ? { ...wait('rep', REP, 'decided'), stage: 'portal-access' }
        : wait('rep', REP, 'pending'),
  };
}

/** The model's step after a hand-over: with its new holder, the move on record. */
function handed(wait: Wait, to: string): Wait {
  const handover = { from: wait.recipient, to, at: new Date().toISOString(), by: OPS };
  return { ...wait, recipient: to, handovers: [...(wait.handovers ?? []), handover] };
}

/** Makes the lifecycle change over HTTP, as ops, the contact or the people would; and records it in the model. */
async function apply(world: World): Promise<void> {
  const { model, onboardingId } = world;
  const set = (status: OnboardingStatus) => {
    model.onboarding = { ...model.onboarding, status };
  };
  switch (world.event) {
    case 'none':
      return;
    case 'contact changed': {
      const nora = `nora@${world.contact.split('@')[1]}`;
      const changed = await signed('POST', `/onboardings/${onboardingId}/contact`, {
        email: nora,
        name: 'Nora New',
      });
      expect(changed.status, changed.text).toBe(200);
      model.onboarding = { ...model.onboarding, contactEmail: nora };
      if (model.provider.status === 'pending') model.provider = handed(model.provider, nora);
      return;
    }
    case 'rep changed': {
      const changed = await signed('POST', `/onboardings/${onboardingId}/rep`, { email: NEW_REP });
      expect(changed.status, changed.text).toBe(200);
      model.onboarding = { ...model.onboarding, repEmail: NEW_REP };
      if (world.position === 'rep-waits') model.staff = handed(model.staff, NEW_REP);
      return;
    }
    case 'provider step handed to the member': {
      if (world.position !== 'provider-waits') return;
      const answer = await signed('POST', `/onboardings/${onboardingId}/hand-over`, {
        stage: 'provider-agreement',
        to: world.member,
      });
      expect(answer.status, answer.text).toBe(200);
      model.provider = handed(model.provider, world.member);
      return;
    }
    case 'staff step handed to a colleague': {
      if (world.position !== 'rep-waits') return;
      const answer = await signed('POST', `/onboardings/${onboardingId}/hand-over`, {
        stage: 'provider-credit',
        to: COVER,
      });
      expect(answer.status, answer.text).toBe(200);
      model.staff = handed(model.staff, COVER);
      return;
    }
    case 'member removed': {
      const removed = await signed('POST', `/onboardings/${onboardingId}/team/remove`, {
        email: world.member,
      });
      expect(removed.status, removed.text).toBe(200);
      model.onboarding = { ...model.onboarding, team: [] };
      return;
    }
    case 'stopped': {
      const page = (await get(`${runtime.apiUrl}/ops/onboardings/${onboardingId}`)).text;
      const csrf = /name="csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
      const stopped = await post(`${runtime.apiUrl}/ops/onboardings/${onboardingId}/stop`, {
        csrf,
        reason: 'The provider withdrew.',
      });
      expect(stopped.status).toBe(303);
      set('stopped');
      model.provider = {
        ...model.provider,
        status: model.provider.status === 'pending' ? 'closed' : model.provider.status,
      };
      model.staff = {
        ...model.staff,
        status: model.staff.status === 'pending' ? 'closed' : model.staff.status,
      };
      return;
    }
    case 'completed': {
      const { store } = clientsFor(runtime);
      await playEveryone(runtime, store, onboardingId);
      set('completed');
      model.staff = { ...model.staff, status: 'decided' };
      // The rep's own copy of the completion news: a read-only checklist link minted for the rep.
      const news = await until('the rep’s copy of the completion news', async () =>
        (await readInbox(runtime.sesUrl)).find(
          (email) =>
            email.to.includes(REP) &&
            email.subject.includes(world.company) &&
            linksIn(email.text, 'p').length > 0 &&
            !linksIn(email.text, 'a').length,
        ),
      );
      world.links.repCopy = linksIn(news.text, 'p')[0];
      return;
    }
  }
}

function heldLinkOf(probe: Probe): HeldLink {
  const holder = (
    {
      contactStep: 'contact',
      contactChecklist: 'contact',
      invitation: 'contact',
      memberStep: 'member',
      memberChecklist: 'member',
      repStep: 'rep',
      repQueue: 'rep',
      repCopy: 'rep',
      ops: 'ops',
    } as const
  )[probe.link];
  const step = probe.link === 'repStep' ? 'staff' : probe.link.endsWith('Step') ? 'provider' : probe.step;
  return { credential: probe.credential, holder, step };
}

function factsOf(world: World): PeopleFacts {
  return {
    contactChanged: world.event === 'contact changed',
    repChanged: world.event === 'rep changed',
    providerStepWithMember:
      world.event === 'provider step handed to the member' && world.position === 'provider-waits',
    staffStepWithColleague:
      world.event === 'staff step handed to a colleague' && world.position === 'rep-waits',
    memberRemoved: world.event === 'member removed',
    status: world.event === 'stopped' ? 'stopped' : world.event === 'completed' ? 'completed' : 'in-progress',
  };
}

function expectedVerdict(world: World, probe: Probe) {
  const holder = {
    contactStep: world.contact,
    memberStep: world.member,
    repStep: REP,
    contactChecklist: world.contact,
    memberChecklist: world.member,
    repQueue: REP,
    invitation: world.contact,
    repCopy: REP,
    ops: OPS,
  }[probe.link];
  const stepOfLink =
    probe.link === 'repStep' ? 'staff' : probe.link.endsWith('Step') ? 'provider' : probe.step;
  const wait = stepOfLink === undefined ? undefined : world.model[stepOfLink];
  const request: AuthorityRequest = {
    credential: probe.credential,
    holder,
    action: probe.action,
    onboarding: world.model.onboarding,
    wait,
    linkRole: probe.credential === 'step-link' ? wait?.role : undefined,
  };
  return authorize(config, request);
}

const POLICY_TITLES = [
  'This link is no longer yours to use',
  'This step was handed over',
  'This link can only show the checklist',
  'This onboarding was stopped',
  'This onboarding is complete',
];

/** A refusal page says what it is in its one heading; a JSON refusal in its message. */
function matchesRefusal(answer: { status: number; text: string }, refusal: Refusal): boolean {
  if (answer.status !== refusal.status) return false;
  if (answer.text.startsWith('{')) {
    return (JSON.parse(answer.text) as { message?: string }).message === refusal.message;
  }
  const page = decodeHtml(answer.text);
  if (refusal.reason === 'not-allowed' || refusal.reason === 'wrong-role')
    return page.includes(refusal.message);
  return page.includes(`<h1>${refusal.title}</h1>`);
}

function looksRefused(answer: { status: number; text: string }): boolean {
  const page = decodeHtml(answer.text);
  return answer.status === 403 || POLICY_TITLES.some((title) => page.includes(`<h1>${title}</h1>`));
}

async function auditOf(onboardingId: string): Promise<string> {
  const { text } = await signed('GET', `/onboardings/${onboardingId}/audit`);
  const { generatedAt: _, ...pack } = JSON.parse(text) as Record<string, unknown>;
  return JSON.stringify(pack);
}

describe('who may act, black box on npm start: every link kind × action × lifecycle change', () => {
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'onboarding-authority-'));
    // Reminders an hour away: a refusal must email nobody, so no reminder may arrive while the
    // probes run (they take longer than the local two-minute due time on a busy machine).
    runtime = await RuntimeProcess.start({
      dataDir,
      ports: await RuntimeProcess.freePorts(),
      env: { LOCAL_PROVIDER_WAIT_SECONDS: '3600', LOCAL_TEAM_WAIT_SECONDS: '3600' },
    });
    let index = 0;
    for (const event of EVENTS) {
      const positions: Position[] = event === 'completed' ? ['rep-waits'] : ['provider-waits', 'rep-waits'];
      for (const position of positions) worlds.push(await buildWorld(index++, event, position));
    }
  }, 600_000);
  afterAll(async () => {
    await runtime?.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers each cell as the policy table says; a refusal changes nothing and emails nobody', async () => {
    const wrong: string[] = [];
    let cells = 0;
    let refusals = 0;
    for (const world of worlds) {
      for (const probe of PROBES) {
        if (probe.link === 'repCopy' && !world.links.repCopy) continue;
        // Before the rep's step, their queue has no button for this onboarding and no staff step waits.
        if (probe.step === 'staff' && probe.link !== 'repStep' && !world.waitKeys.staff) continue;
        cells += 1;
        const verdict = expectedVerdict(world, probe);
        const where = `${world.event} (${world.position}) · ${probe.link} · ${probe.action}`;
        // The rules in words decide; the decision point only supplies a refusal's words to look for.
        const allowed = allowedByTheRules(heldLinkOf(probe), probe.action, factsOf(world));
        if (allowed !== verdict.allowed) {
          wrong.push(
            `${where}: the rules say ${allowed ? 'allowed' : 'refused'}, the decision point the reverse`,
          );
          continue;
        }
        if (verdict.allowed) {
          const answer = await probe.send(world);
          if (looksRefused(answer) || answer.status >= 500)
            wrong.push(`${where}: expected allowed, got ${answer.status} ${answer.text.slice(0, 160)}`);
          continue;
        }
        refusals += 1;
        const [audit, inbox] = [await auditOf(world.onboardingId), (await readInbox(runtime.sesUrl)).length];
        const answer = await probe.send(world);
        if (!matchesRefusal(answer, verdict.refusal))
          wrong.push(
            `${where}: expected ${verdict.refusal.status} “${verdict.refusal.title}”, got ${answer.status} ${answer.text.slice(0, 160)}`,
          );
        if ((await auditOf(world.onboardingId)) !== audit)
          wrong.push(`${where}: refused but the audit pack changed`);
        if ((await readInbox(runtime.sesUrl)).length !== inbox)
          wrong.push(`${where}: refused but an email was sent`);
      }
    }
    console.info(
      `who may act on npm start: ${cells} cells (${worlds.length} onboardings × ${PROBES.length} probes), ${refusals} refused`,
    );
    expect(wrong).toEqual([]);
    expect(refusals).toBeGreaterThan(100);
    expect(cells - refusals).toBeGreaterThan(100);
  }, 600_000);
});

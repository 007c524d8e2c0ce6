import { describe, expect, it } from 'vitest';
import { main } from '../../../functions/cli/onboarding.ts';
import { type PeopleApiCall, peopleApiCommand } from '../../../functions/cli/people-api.ts';

const ID = 'acme-software-abcdefgh';

/** The API as a recording fake: each call's method, path and body, answered with `answer`. */
function fakeApi(answer: { status: number; body: unknown }) {
  const calls: { method: string; path: string; body?: unknown }[] = [];
  const call: PeopleApiCall = async (method, path, body) => {
    calls.push({ method, path, ...(body === undefined ? {} : { body: JSON.parse(JSON.stringify(body)) }) });
    return answer;
  };
  return { calls, call };
}

async function run(
  command: Parameters<typeof peopleApiCommand>[0],
  id: string | undefined,
  options: Parameters<typeof peopleApiCommand>[2],
  answer: { status: number; body: unknown },
) {
  const api = fakeApi(answer);
  const lines: string[] = [];
  const code = await peopleApiCommand(command, id, options, api.call, (line) => lines.push(line));
  return { code, lines, calls: api.calls };
}

describe('the people commands without --local: one signed API call each', () => {
  it('ask and answer post the step, the kind and the text to /onboardings/{id}/messages, with a fresh submission id', async () => {
    const asked = await run(
      'ask',
      ID,
      { stage: 'cloud-account', message: 'Is this the production account?' },
      { status: 201, body: { outcome: 'posted', kind: 'question' } },
    );
    const answered = await run(
      'answer',
      ID,
      { stage: 'technical-integration', product: 'Acme Mail', message: 'Yes.' },
      { status: 201, body: { outcome: 'posted', kind: 'answer' } },
    );
    expect(asked.calls).toEqual([
      {
        method: 'POST',
        path: `/onboardings/${ID}/messages`,
        body: {
          stage: 'cloud-account',
          kind: 'question',
          message: 'Is this the production account?',
          submission: expect.stringMatching(/^[A-Za-z0-9_-]{24}$/),
        },
      },
    ]);
    expect(answered.calls[0]?.body).toMatchObject({ product: 'Acme Mail', kind: 'answer' });
    const submissionOf = (call: { body?: unknown } | undefined) =>
      (call?.body as { submission?: string } | undefined)?.submission;
    expect(submissionOf(answered.calls[0])).not.toBe(submissionOf(asked.calls[0]));
    expect(asked.lines).toEqual([
      'Question recorded on the step and emailed to the other side; the step itself did not change.',
    ]);
  });

  it('hand-over of one step posts its stage, product and note to /onboardings/{id}/hand-over', async () => {
    const result = await run(
      'hand-over',
      ID,
      { stage: 'technical-integration', product: 'Acme Mail', to: 'pe@marketplace.example', note: 'Cover' },
      {
        status: 200,
        body: {
          outcome: 'handed-over',
          stage: 'technical-integration',
          product: 'Acme Mail',
          to: 'pe@marketplace.example',
        },
      },
    );
    expect(result.calls).toEqual([
      {
        method: 'POST',
        path: `/onboardings/${ID}/hand-over`,
        body: {
          stage: 'technical-integration',
          product: 'Acme Mail',
          to: 'pe@marketplace.example',
          note: 'Cover',
        },
      },
    ]);
    expect(result.lines).toEqual([
      'Handed over: technical-integration (Acme Mail) is now with pe@marketplace.example, who was emailed a link.',
    ]);
  });

  it('hand-over --from posts to /out-of-office', async () => {
    const result = await run(
      'hand-over',
      undefined,
      { from: 'rep@marketplace.example', to: 'cover@marketplace.example' },
      {
        status: 200,
        body: { from: 'rep@marketplace.example', to: 'cover@marketplace.example', handedOver: 3, skipped: 1 },
      },
    );
    expect(result.calls).toEqual([
      {
        method: 'POST',
        path: '/out-of-office',
        body: { from: 'rep@marketplace.example', to: 'cover@marketplace.example' },
      },
    ]);
    expect(result.lines).toEqual([
      'Handed over 3 step(s) from rep@marketplace.example to cover@marketplace.example; 1 skipped.',
    ]);
  });

  it('change-contact, change-rep and add-product post to their routes', async () => {
    const changed = { status: 200, body: { from: 'a@x.example', to: 'b@x.example', stepsHandedOver: 1 } };
    expect(
      (await run('change-contact', ID, { email: 'b@x.example', name: 'Bea', reason: 'Left' }, changed)).calls,
    ).toEqual([
      {
        method: 'POST',
        path: `/onboardings/${ID}/contact`,
        body: { email: 'b@x.example', name: 'Bea', reason: 'Left' },
      },
    ]);
    const rep = await run('change-rep', ID, { email: 'b@x.example' }, changed);
    expect(rep.calls).toEqual([
      { method: 'POST', path: `/onboardings/${ID}/rep`, body: { email: 'b@x.example' } },
    ]);
    expect(rep.lines).toEqual([
      'Rep changed from a@x.example to b@x.example; 1 waiting step(s) handed over.',
    ]);
    const added = await run(
      'add-product',
      ID,
      { product: 'Acme Mail' },
      { status: 201, body: { product: 'Acme Mail', executionName: `${ID}-resume-1` } },
    );
    expect(added.calls).toEqual([
      { method: 'POST', path: `/onboardings/${ID}/products`, body: { product: 'Acme Mail' } },
    ]);
    expect(added.lines).toEqual([`Product "Acme Mail" added; the onboarding continues as ${ID}-resume-1.`]);
  });

  it('audit GETs the pack and prints it as JSON or as the printable page', async () => {
    const pack = {
      generatedAt: '2026-11-24T10:00:00.000Z',
      onboarding: {
        id: ID,
        company: 'Acme Software',
        contactName: 'Ada',
        contactEmail: 'ada@acme.example',
        repEmail: 'rep@marketplace.example',
        status: 'in-progress',
        stage: 'portal-access',
        products: [],
        createdAt: '2026-11-24T09:00:00.000Z',
      },
      executions: [ID],
      decisions: [],
      emails: [],
      deliveryProblems: [],
      handovers: [],
      contactChanges: [],
      teamChanges: [],
      events: [],
    };
    const json = await run('audit', ID, {}, { status: 200, body: pack });
    expect(json.calls).toEqual([{ method: 'GET', path: `/onboardings/${ID}/audit` }]);
    expect(JSON.parse(json.lines[0] as string)).toEqual(pack);
    const html = await run('audit', ID, { format: 'html' }, { status: 200, body: pack });
    expect(html.lines[0]).toMatch(/^<!doctype html>/i);
    expect(html.lines[0]).toContain('Acme Software');
  });

  it('says the API’s own words when it refuses, and fails', async () => {
    await expect(
      run(
        'change-rep',
        ID,
        { email: 'rep@marketplace.example' },
        {
          status: 409,
          body: { message: 'rep@marketplace.example is already the rep.' },
        },
      ),
    ).rejects.toThrow('rep@marketplace.example is already the rep.');
    await expect(
      run('add-product', ID, { product: 'X' }, { status: 403, body: { message: 'Forbidden' } }),
    ).rejects.toThrow('Forbidden');
  });

  it('asks for the stack when neither --stack, --api, ONBOARDING_API_URL nor --local is given', async () => {
    await expect(
      main(['hand-over', ID, '--stage', 'portal-access', '--to', 'x@y.example'], {}, () => {}),
    ).rejects.toThrow(
      'hand-over needs the stack: --stack NAME (or --api URL, the stack output ApiUrl), or --local.',
    );
  });

  it('documents --stack and the --api override in --help', async () => {
    const lines: string[] = [];
    expect(await main(['--help'], {}, (line) => lines.push(line))).toBe(0);
    expect(lines.join('\n')).toContain('Add --stack NAME [--region REGION] to work on a deployed stack');
    expect(lines.join('\n')).toContain('--api URL (or ONBOARDING_API_URL) win over the stack');
  });
});

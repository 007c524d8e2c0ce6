import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Onboarding } from '../../../functions/domain/model.ts';
import { emailEventsHandler } from '../../../functions/events/email-events-handler.ts';
import { actionApiHandler } from '../../../functions/http/action-api-handler.ts';
import { createLambdaLogger } from '../../../functions/observability/lambda-logger.ts';
import {
  appendLogContext,
  runWithLogContext,
  withLogContext,
} from '../../../functions/observability/log-context.ts';
import { createLogger, scrubText } from '../../../functions/observability/logger.ts';
import { enterStageHandler } from '../../../functions/tasks/enter-stage-handler.ts';
import { remindOrEscalateHandler } from '../../../functions/tasks/remind-or-escalate-handler.ts';
import { apiEvent, lambdaContext } from '../../support/api-events.ts';
import { seedOnboarding } from '../../support/seed.ts';
import { ACTION_URL, type UnitHarness, unitHarness } from '../../support/unit-deps.ts';

/** Shaped like a real Step Functions task token: a long run of base64. */
const AWS_TOKEN = `AQCEAAAAKgAAAAMAAAAAAAAAAb${'x9Kq+Zr/M3tW'.repeat(40)}==`;
/** The local engine's token format. */
const LOCAL_TOKEN = `lsfn1.${'Ab3_-x'.repeat(22)}`;
const LINK_ID = `Lk3${'x_Y-9'.repeat(8)}`; // 43 characters, like a minted link id
const EXECUTION = 'acme-software-abcdefgh-resume-1';

const parse = (lines: string[]) => lines.map((line) => JSON.parse(line) as Record<string, unknown>);

/** Captures what Powertools writes (stdout for info, stderr for warn and error). */
function captureStdio(): { lines: () => string[]; restore: () => void } {
  const written: string[] = [];
  const capture = (chunk: unknown) => {
    written.push(String(chunk));
    return true;
  };
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  return {
    lines: () =>
      written
        .join('')
        .split('\n')
        .filter((line) => line.startsWith('{')),
    restore: () => {
      out.mockRestore();
      err.mockRestore();
    },
  };
}

describe('log redaction', () => {
  it('replaces task tokens and action link ids wherever they appear in text', () => {
    const text = `sent ${AWS_TOKEN} and ${LOCAL_TOKEN} for https://x.example/a/${LINK_ID}?q=1`;
    const scrubbed = scrubText(text);
    expect(scrubbed).toBe('sent [redacted] and [redacted] for https://x.example/a/[redacted]?q=1');
  });

  it('leaves ordinary values alone: ids, hashes, ARNs, dates', () => {
    const text =
      'acme-software-abcdefgh e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 arn:aws:states:us-east-1:123456789012:execution:marketplace-onboarding:acme 2026-11-24T10:00:00.000Z';
    expect(scrubText(text)).toBe(text);
  });

  it('redacts secret keys and token-like values at any depth in the home-made logger', () => {
    const lines: string[] = [];
    createLogger({}, (line) => lines.push(line)).error(`failed with ${AWS_TOKEN}`, {
      wait: { taskToken: 'short-token', linkId: LINK_ID, detail: [`token ${LOCAL_TOKEN}`] },
      error: new Error(`InvalidToken: ${AWS_TOKEN}`),
    });
    const [line] = parse(lines);
    expect(line).toMatchObject({
      level: 'ERROR',
      message: 'failed with [redacted]',
      wait: { taskToken: '[redacted]', linkId: '[redacted]', detail: ['token [redacted]'] },
      error: { name: 'Error', message: 'InvalidToken: [redacted]' },
    });
    for (const secret of [AWS_TOKEN, LOCAL_TOKEN, LINK_ID, 'short-token'])
      expect(lines[0]).not.toContain(secret);
  });
});

describe('invocation keys', () => {
  it('go on every line logged inside the invocation, by any logger, and on none outside it', async () => {
    const lines: string[] = [];
    const logger = createLogger({ service: 'test' }, (line) => lines.push(line));
    const other = createLogger({ component: 'store' }, (line) => lines.push(line));
    await runWithLogContext({ action: 'enter-stage', onboardingId: 'acme-software-abcdefgh' }, async () => {
      logger.child({ product: 'Acme Backup' }).info('one');
      await new Promise((resolve) => setTimeout(resolve, 1));
      appendLogContext({ stage: 'cloud-account' });
      other.warn('two');
    });
    logger.info('after');
    const [one, two, after] = parse(lines);
    expect(one).toMatchObject({
      action: 'enter-stage',
      onboardingId: 'acme-software-abcdefgh',
      product: 'Acme Backup',
    });
    expect(two).toMatchObject({ action: 'enter-stage', stage: 'cloud-account', component: 'store' });
    expect(after).not.toHaveProperty('action');
  });

  it('never leak between invocations that overlap in one process (the local runtime)', async () => {
    const lines: string[] = [];
    const logger = createLogger({}, (line) => lines.push(line));
    const invoke = withLogContext(
      (event: { id: string; delay: number }) => ({ onboardingId: event.id }),
      async (event: { id: string; delay: number }, _context: unknown) => {
        await new Promise((resolve) => setTimeout(resolve, event.delay));
        logger.info('done', { expected: event.id });
      },
    );
    await Promise.all([invoke({ id: 'first', delay: 15 }, {}), invoke({ id: 'second', delay: 1 }, {})]);
    for (const line of parse(lines)) expect(line.onboardingId).toBe(line.expected);
  });
});

describe('state machine task log lines', () => {
  let h: UnitHarness;
  let onboarding: Onboarding;
  beforeEach(async () => {
    h = await unitHarness();
    onboarding = await seedOnboarding(h.deps.store);
  });
  afterEach(() => h.table.stop());

  const REQUIRED = ['action', 'execution', 'onboardingId', 'stage', 'requestId'];

  it('carry the action, execution, onboarding and stage on every line, and never the task token', async () => {
    await enterStageHandler(h.deps)(
      {
        taskToken: AWS_TOKEN,
        execution: EXECUTION,
        onboardingId: onboarding.id,
        stage: 'cloud-account',
        timeoutSeconds: 3600,
        step: {},
      } as never,
      lambdaContext,
    );
    await remindOrEscalateHandler(h.deps)(
      { onboardingId: onboarding.id, stage: 'cloud-account', execution: EXECUTION } as never,
      lambdaContext,
    );

    const lines = parse(h.logLines);
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines) {
      for (const key of REQUIRED) expect(line, `${key} in ${JSON.stringify(line)}`).toHaveProperty(key);
      expect(line).toMatchObject({
        execution: EXECUTION,
        onboardingId: onboarding.id,
        stage: 'cloud-account',
      });
    }
    expect(lines.map((line) => line.action)).toEqual(
      expect.arrayContaining(['enter-stage', 'remind-or-escalate']),
    );
    expect(h.logLines.join('\n')).not.toContain(AWS_TOKEN.slice(0, 60));
  });

  it('say where a refused payload came from, without its token', async () => {
    await expect(
      enterStageHandler(h.deps)(
        { taskToken: AWS_TOKEN, execution: EXECUTION, onboardingId: onboarding.id, stage: 'nope' } as never,
        lambdaContext,
      ),
    ).rejects.toThrow(/Invalid task input/);
    // The failure is Lambda's to log; anything logged on the way carries the keys.
    for (const line of parse(h.logLines)) expect(line).toMatchObject({ execution: EXECUTION });
  });
});

describe('SES event log lines', () => {
  let h: UnitHarness;
  beforeEach(async () => {
    h = await unitHarness();
  });
  afterEach(() => h.table.stop());

  it('say what the invocation was doing', async () => {
    await emailEventsHandler(h.deps)({ Records: [{ Sns: { Message: 'not json' } }] } as never, lambdaContext);
    const lines = parse(h.logLines);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines)
      expect(line).toMatchObject({ action: 'record-email-event', requestId: 'request-1' });
  });
});

describe('action link log lines', () => {
  let h: UnitHarness;
  beforeEach(async () => {
    h = await unitHarness();
  });
  afterEach(() => h.table.stop());

  it('carry the action and, once the link is known, its onboarding and stage, never the link id', async () => {
    const onboarding = await seedOnboarding(h.deps.store);
    await enterStageHandler(h.deps)(
      {
        taskToken: AWS_TOKEN,
        execution: EXECUTION,
        onboardingId: onboarding.id,
        stage: 'cloud-account',
        timeoutSeconds: 3600,
        step: {},
      } as never,
      lambdaContext,
    );
    const linkId = h.sentEmails()[0]?.text.match(ACTION_URL)?.[0].split('/a/')[1] ?? '';
    h.logLines.length = 0;

    const handler = actionApiHandler(h.deps);
    await handler(
      apiEvent({
        method: 'POST',
        path: `/a/${linkId}`,
        pathParameters: { id: linkId },
        body: 'alias=acme',
        contentType: 'application/x-www-form-urlencoded',
      }),
      lambdaContext,
    );

    const lines = parse(h.logLines);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line).toMatchObject({
        action: 'submit-decision',
        onboardingId: onboarding.id,
        stage: 'cloud-account',
      });
    }
    expect(h.logLines.join('\n')).not.toContain(linkId);
  });
});

describe('the Lambda logger (Powertools)', () => {
  let stdio: ReturnType<typeof captureStdio>;
  beforeEach(() => {
    stdio = captureStdio();
  });
  afterEach(() => stdio.restore());

  it('writes one JSON line per call with Powertools keys, the invocation keys and the caller keys', async () => {
    const logger = createLambdaLogger({ serviceName: 'marketplace-onboarding', keys: { function: 'fn' } });
    await runWithLogContext(
      {
        action: 'enter-stage',
        execution: EXECUTION,
        onboardingId: 'acme-software-abcdefgh',
        stage: 'cloud-account',
      },
      async () => {
        logger.child({ product: 'Acme Backup' }).info('Stage entered', { recipientRole: 'provider' });
        logger.warn('Escalated');
      },
    );
    const [info, warn] = parse(stdio.lines());
    expect(info).toMatchObject({
      level: 'INFO',
      message: 'Stage entered',
      service: 'marketplace-onboarding',
      function: 'fn',
      action: 'enter-stage',
      execution: EXECUTION,
      onboardingId: 'acme-software-abcdefgh',
      stage: 'cloud-account',
      product: 'Acme Backup',
      recipientRole: 'provider',
    });
    expect(info).toHaveProperty('timestamp');
    expect(warn).toMatchObject({ level: 'WARN', message: 'Escalated', action: 'enter-stage' });
  });

  it('never writes a task token or link id: not under a secret key, not inside text, not in an error', () => {
    const logger = createLambdaLogger({ serviceName: 'marketplace-onboarding' });
    const error = new Error(`Task ${AWS_TOKEN} is closed`);
    logger.error(`Could not complete ${LOCAL_TOKEN}`, {
      error,
      wait: { taskToken: AWS_TOKEN, notifiedTokenHash: 'abc', linkId: LINK_ID },
      url: `https://x.example/a/${LINK_ID}`,
    });
    const output = stdio.lines().join('\n');
    const [line] = parse(stdio.lines());
    expect(line).toMatchObject({
      level: 'ERROR',
      message: 'Could not complete [redacted]',
      wait: { taskToken: '[redacted]', linkId: '[redacted]' },
      url: 'https://x.example/a/[redacted]',
      error: { name: 'Error', message: 'Task [redacted] is closed' },
    });
    for (const secret of [AWS_TOKEN.slice(0, 40), LOCAL_TOKEN, LINK_ID]) expect(output).not.toContain(secret);
  });

  it('keeps keys Powertools reserves under another name instead of dropping them', () => {
    createLambdaLogger({ serviceName: 'marketplace-onboarding' }).info('hello', { service: 'other' });
    const [line] = parse(stdio.lines());
    expect(line).toMatchObject({ service: 'marketplace-onboarding', service_: 'other' });
  });
});

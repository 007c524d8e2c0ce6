import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleHandler, type LambdaBundle } from '../../bench/lambda/bundle.ts';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const HANDLERS = readdirSync(join(REPO_ROOT, 'functions', 'handlers'))
  .filter((name) => name.endsWith('.ts'))
  .map((name) => name.slice(0, -'.ts'.length));
const TASKS = ['enter-stage', 'remind-or-escalate', 'record-product-outcome', 'complete-onboarding'];
/** Functions that neither render a page nor send an email. */
const NO_MAIL = ['start-onboarding', 'rep-callback', 'check-stuck-onboardings'];
const MAX_BYTES = 400 * 1024;

/**
 * The Lambda bundles as CDK builds them (esbuild, minified ESM, @aws-sdk/* left to the nodejs24.x
 * runtime): sizes and contents, not speed (timings are `npm run bench` figures, never test asserts).
 */
describe('Lambda bundles', () => {
  let outDir: string;
  const bundles = new Map<string, LambdaBundle>();

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'onboarding-bundles-'));
    for (const bundle of await Promise.all(
      HANDLERS.map((handler) => bundleHandler(REPO_ROOT, handler, outDir)),
    )) {
      bundles.set(bundle.handler, bundle);
    }
  });
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it.each(HANDLERS)('%s is at most 400 KiB', (handler) => {
    expect(bundles.get(handler)?.bytes).toBeLessThanOrEqual(MAX_BYTES);
  });

  it.each(HANDLERS)('%s leaves the AWS SDK to the Lambda runtime instead of bundling it', (handler) => {
    const contents = Object.keys(bundles.get(handler)?.contents ?? {});
    expect(contents.filter((name) => name.startsWith('@aws-sdk/') || name.startsWith('@smithy/'))).toEqual(
      [],
    );
    expect(bundles.get(handler)?.external).toContain('@aws-sdk/client-dynamodb');
  });

  it.each(HANDLERS)(
    '%s takes zod without its translations (import * as z, so esbuild can drop them)',
    (handler) => {
      // `import { z } from 'zod'` binds the whole namespace, locales and JSON-schema code included (+350 KiB).
      expect(bundles.get(handler)?.contents.zod ?? 0).toBeLessThan(150 * 1024);
    },
  );

  it.each(HANDLERS)(
    '%s does not evaluate zod when it starts: schemas load with the first input',
    (handler) => {
      // Traffic is sparse, so most requests meet a cold start; evaluating zod is a measurable part of one.
      expect(bundles.get(handler)?.packagesAtInit).not.toContain('zod');
      // The list is read from the import graph: the middleware that wraps every handler is in it.
      expect(bundles.get(handler)?.packagesAtInit).toContain('@middy/core');
    },
  );

  it.each(TASKS)('%s (a state machine task) carries no HTTP handling and no page templates', (handler) => {
    const contents = bundles.get(handler)?.contents ?? {};
    expect(Object.keys(contents)).not.toContain('functions/http');
    // Emails share two small helpers with the pages (format.ts, html.ts); templates are far bigger.
    expect(contents['functions/pages'] ?? 0).toBeLessThan(4 * 1024);
  });

  it.each(NO_MAIL)('%s carries neither the pages nor the emails', (handler) => {
    const contents = Object.keys(bundles.get(handler)?.contents ?? {});
    expect(contents).not.toContain('functions/pages');
    expect(contents).not.toContain('functions/emails');
  });
});

import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, repoPath } from '../../infra/paths.ts';
import { FUNCTION_IDS } from './stack-fixture.ts';

const run = promisify(execFile);
const outdir = mkdtempSync(join(tmpdir(), 'onboarding-synth-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** Environment of a machine with no AWS account and no network. */
const offlineEnv = Object.fromEntries(
  Object.entries(process.env).filter(
    ([name]) => !/^AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY|SESSION_TOKEN|PROFILE)$/.test(name),
  ),
);

describe('cdk synth (the app in cdk.json, bundling included)', () => {
  it('synthesizes offline, with no AWS credentials, without any cdk-nag finding', {
    timeout: 240_000,
  }, async () => {
    const { stdout, stderr } = await run(
      process.execPath,
      [repoPath('node_modules', 'aws-cdk', 'bin', 'cdk'), 'synth', '--quiet', '--output', outdir],
      {
        cwd: REPO_ROOT,
        env: { ...offlineEnv, CDK_DISABLE_VERSION_CHECK: '1', AWS_EC2_METADATA_DISABLED: 'true' },
      },
    );
    const output = `${stdout}\n${stderr}`;
    expect(output).not.toMatch(/AwsSolutions|Synthesis finished with errors|CloudFormation Validate|WARNING/);

    const template = JSON.parse(
      readFileSync(join(outdir, 'MarketplaceOnboardingStack.template.json'), 'utf8'),
    );
    expect(template.Resources).toBeDefined();
    const assets = JSON.parse(
      readFileSync(join(outdir, 'MarketplaceOnboardingStack.assets.json'), 'utf8'),
    ) as {
      files: Record<string, { source: { path: string; packaging?: string } }>;
    };
    const bundles = Object.values(assets.files).filter((file) => file.source.packaging === 'zip');
    expect(bundles).toHaveLength(FUNCTION_IDS.length);
    for (const bundle of bundles) {
      expect(existsSync(join(outdir, bundle.source.path, 'index.mjs')), bundle.source.path).toBe(true);
      expect(existsSync(join(outdir, bundle.source.path, 'index.mjs.map')), bundle.source.path).toBe(true);
    }
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { RuntimeProcess } from '../support/runtime-process.ts';
import { launchChromium } from './browser.ts';

/**
 * `npm start` in its own process with reminders an hour away (every email is one a person acts on),
 * and chromium with a profile of its own in the same temporary folder.
 */
export async function startBrowserRuntime(
  name: string,
): Promise<{ runtime: RuntimeProcess; context: BrowserContext; stop(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), `onboarding-${name}-`));
  const runtime = await RuntimeProcess.start({
    dataDir,
    ports: await RuntimeProcess.freePorts(),
    env: { LOCAL_PROVIDER_WAIT_SECONDS: '3600', LOCAL_TEAM_WAIT_SECONDS: '3600' },
  });
  const context = await launchChromium(join(dataDir, 'chromium-profile'), {
    viewport: { width: 1100, height: 900 },
  });
  return {
    runtime,
    context,
    async stop() {
      await context.close();
      await runtime.kill('SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

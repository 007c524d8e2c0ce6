/**
 * `npm start`: the whole onboarding system on this machine, no AWS account needed. Prints where
 * everything is, keeps running, and stops cleanly on Ctrl-C. Waiting onboardings survive a restart.
 */
import { localConfig } from './config.ts';
import { startLocalRuntime } from './runtime.ts';

const config = localConfig();
const started = Date.now();
const verbose = process.env.LOCAL_QUIET !== '1';
const log = (line: string) => {
  if (verbose) console.log(`${new Date().toISOString().slice(11, 19)} ${line}`);
};

let fatal: ((reason: string) => void) | undefined;
try {
  const runtime = await startLocalRuntime(config, log, (reason) => fatal?.(reason));
  console.log(`
Marketplace onboarding is running locally (ready in ${Date.now() - started} ms).

  Start page           ${runtime.urls.api}/
  Inbox (every email)  ${runtime.urls.api}/inbox
  SES stand-in         ${runtime.urls.inbox}   (its own viewer; GET /store)
  Ops console          ${runtime.urls.api}/ops
  Action links         ${runtime.urls.api}/a/<id>   (from the emails)
  Start / callbacks    POST ${runtime.urls.api}/onboardings, /callbacks/{id}   (SigV4, access key "local", secret "local")
  People API           ${runtime.urls.api}/onboardings/{id}/hand-over, /contact, /rep, /products, /audit; /out-of-office   (SigV4, as above)
  Step Functions API   ${runtime.urls.sfn}
  DynamoDB             ${runtime.urls.dynamodb}   (table marketplace-onboarding)
  Data folder          ${runtime.dataDir}
  Reminders every      ${config.waits.providerWaitSeconds} s (provider), ${config.waits.teamWaitSeconds} s (teams); ${config.maxReminders} before escalating
  Resumed after restart ${runtime.resumed} onboarding(s)${config.faultRate > 0 ? `\n  Fault injection      ${Math.round(config.faultRate * 100)}% of DynamoDB and SES calls fail on purpose (LOCAL_FAULT_RATE)` : ''}

Start an onboarding:
  npm run onboarding -- start --local --company "Acme Software" --contact-name "Ada Lovelace" \\
    --contact-email ada@acme.example --rep-email rep@marketplace.example
or play every part automatically:  npm run demo

Press Ctrl-C to stop.`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping… (waiting onboardings resume at the next npm start)`);
    await runtime.stop();
    process.exit(0);
  };
  // A stand-in that could not be brought back: say why, stop what still runs, exit non-zero.
  fatal = (reason) => {
    if (stopping) return;
    stopping = true;
    console.error(`\nCannot go on: ${reason}. Stopping (waiting onboardings resume at the next npm start).`);
    void runtime.stop().finally(() => process.exit(1));
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
} catch (error) {
  console.error(`Could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

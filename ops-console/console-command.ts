/**
 * The ops console on the operator's machine, against a deployed stack:
 *   npm run console -- --stack NAME [--region REGION] [--port PORT]
 * Reads the stack's outputs (DescribeStacks), then serves the same console as `npm start`'s `/ops` on
 * http://localhost:PORT/ops (loopback only), reading with the operator's AWS credentials and changing
 * through the stack's signed people API. No credentials are stored; nothing listens beyond loopback.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { signedPeopleApi } from '../functions/cli/people-api.ts';
import { readStackResources, StackProblem } from '../functions/cli/stack-outputs.ts';
import { createLogger } from '../functions/observability/logger.ts';
import { opsConsole } from './index.ts';
import { hostOf, LOOPBACK_HOSTS } from './request-guards.ts';
import { stackConsoleSource } from './stack-console-source.ts';

export const CONSOLE_HELP = `npm run console -- --stack NAME [--region REGION] [--port PORT]

Serves the ops console for a deployed stack on http://localhost:PORT/ops (default port 3100), with
your AWS credentials (as for the AWS CLI: AWS_PROFILE, SSO, access keys). It needs, on that stack:
cloudformation:DescribeStacks; dynamodb:Query, GetItem and BatchGetItem on its table; states:ListExecutions,
GetExecutionHistory and DescribeStateMachine on its state machine; execute-api:Invoke on its API.`;

export interface RunningConsole {
  url: string;
  close(): Promise<void>;
}

export async function startStackConsole(
  argv: string[],
  env: Record<string, string | undefined> = process.env,
  print: (line: string) => void = console.log,
): Promise<RunningConsole | number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      stack: { type: 'string' },
      region: { type: 'string' },
      port: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    print(CONSOLE_HELP);
    return 0;
  }
  if (!values.stack) {
    print(`Name the stack: --stack NAME (the name npm run deploy used).\n\n${CONSOLE_HELP}`);
    return 2;
  }
  const port = Number(values.port ?? 3100);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    print('--port takes a port number, e.g. --port 3100');
    return 2;
  }
  const region = values.region ? { region: values.region } : {};
  const resources = await readStackResources(new CloudFormationClient(region), values.stack);
  // The people API is signed in the stack's region.
  env.AWS_REGION ||= resources.region;
  const source = stackConsoleSource({
    resources,
    dynamodb: new DynamoDBClient({ region: resources.region }),
    sfn: new SFNClient({ region: resources.region }),
    api: signedPeopleApi(resources.apiUrl),
    logger: createLogger({ service: 'ops-console' }),
  });
  const consoleRoute = opsConsole(source);
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    if (consoleRoute(request, response)) return;
    const loopback = LOOPBACK_HOSTS.has(hostOf(request.headers.host));
    response.writeHead(loopback && request.url === '/' ? 303 : 404, {
      'content-type': 'text/plain; charset=utf-8',
      ...(loopback && request.url === '/' ? { location: '/ops' } : {}),
    });
    response.end(loopback ? 'The ops console is at /ops.' : '');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const url = `http://localhost:${(server.address() as AddressInfo).port}/ops`;
  print(`Ops console for ${source.where}: ${url}  (Ctrl-C stops it)`);
  return {
    url,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  startStackConsole(process.argv.slice(2)).then(
    (started) => {
      if (typeof started === 'number') process.exitCode = started;
    },
    (error: unknown) => {
      console.error(error instanceof StackProblem || error instanceof Error ? error.message : String(error));
      process.exitCode = 1;
    },
  );
}

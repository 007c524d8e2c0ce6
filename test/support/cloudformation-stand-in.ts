import { randomUUID } from 'node:crypto';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for CloudFormation's DescribeStacks (the AWS Query protocol the SDK speaks: a form POST,
 * an XML answer), serving the outputs of named "deployed" stacks. With `deny`, it answers AccessDenied
 * for that stack, as IAM does to a principal without cloudformation:DescribeStacks.
 */
export interface StandInStack {
  name: string;
  outputs: Record<string, string>;
}

export interface StandIn {
  url: string;
  close(): Promise<void>;
}

const NS = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';
const xml = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

export async function startCloudFormationStandIn(
  stacks: StandInStack[],
  options: { region: string; accountId: string; deny?: string[] },
): Promise<StandIn> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const name = form.get('StackName') ?? '';
      const stackArn = `arn:aws:cloudformation:${options.region}:${options.accountId}:stack/${name}/*`;
      const error = (status: number, code: string, message: string) => {
        response.writeHead(status, { 'content-type': 'text/xml' });
        response.end(
          `<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${xml(message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
        );
      };
      if (form.get('Action') !== 'DescribeStacks')
        return error(400, 'InvalidAction', `This stand-in answers DescribeStacks only.`);
      if (options.deny?.includes(name)) {
        return error(
          403,
          'AccessDenied',
          `User: arn:aws:sts::${options.accountId}:assumed-role/ReadOnly/ops is not authorized to perform: cloudformation:DescribeStacks on resource: ${stackArn} because no identity-based policy allows the cloudformation:DescribeStacks action`,
        );
      }
      const stack = stacks.find((candidate) => candidate.name === name);
      if (!stack) return error(400, 'ValidationError', `Stack with id ${name} does not exist`);
      const outputs = Object.entries(stack.outputs)
        .map(
          ([key, value]) =>
            `<member><OutputKey>${xml(key)}</OutputKey><OutputValue>${xml(value)}</OutputValue></member>`,
        )
        .join('');
      response.writeHead(200, { 'content-type': 'text/xml' });
      response.end(
        `<DescribeStacksResponse xmlns="${NS}"><DescribeStacksResult><Stacks><member><StackName>${xml(name)}</StackName><StackId>${xml(stackArn)}</StackId><CreationTime>2026-01-01T00:00:00.000Z</CreationTime><StackStatus>UPDATE_COMPLETE</StackStatus><Outputs>${outputs}</Outputs></member></Stacks></DescribeStacksResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></DescribeStacksResponse>`,
      );
    });
  });
  return listen(server);
}

/**
 * IAM in front of a Step Functions endpoint: every request passes through to `target`, except the
 * actions in `deny`, answered AccessDeniedException as AWS does to a principal without them.
 */
export async function startStepFunctionsIamStandIn(
  target: string,
  options: { region: string; accountId: string; deny: string[] },
): Promise<StandIn> {
  const upstream = new URL(target);
  const server = createServer((request, response) => {
    const action = String(request.headers['x-amz-target'] ?? '').replace(/^AWSStepFunctions\./, '');
    if (options.deny.includes(action)) {
      request.resume();
      response.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' });
      response.end(
        JSON.stringify({
          __type: 'com.amazon.coral.service#AccessDeniedException',
          message: `User: arn:aws:sts::${options.accountId}:assumed-role/ReadOnly/ops is not authorized to perform: states:${action} on resource: arn:aws:states:${options.region}:${options.accountId}:execution:* because no identity-based policy allows the states:${action} action`,
        }),
      );
      return;
    }
    const forward = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: request.url,
        method: request.method,
        headers: request.headers,
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    forward.on('error', () => {
      response.writeHead(502);
      response.end();
    });
    request.pipe(forward);
  });
  return listen(server);
}

async function listen(server: Server): Promise<StandIn> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

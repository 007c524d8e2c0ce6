import { afterEach, describe, expect, it } from 'vitest';
import { startStepFunctionsService } from '../../../local/stepfunctions-service/index.ts';
import { startApprovalService } from './harness.ts';

type Running = Awaited<ReturnType<typeof startApprovalService>>;

/** A request as the SDK would send it, with any target and body. */
function call(url: string, target: string, body: string) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': target },
    body,
  });
}

describe('the JSON 1.0 protocol', () => {
  let running: Running;
  afterEach(async () => running?.stop());

  it('answers an unknown operation with 400 UnknownOperationException', async () => {
    // Arrange
    running = await startApprovalService();

    // Act
    const response = await call(running.service.url, 'AWSStepFunctions.CreateStateMachine', '{}');

    // Assert
    expect(response.status).toBe(400);
    expect(response.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
    expect(await response.json()).toMatchObject({ __type: 'UnknownOperationException' });
  });

  it('answers a body that is not JSON with 400 SerializationException, quoting none of it', async () => {
    // Arrange
    running = await startApprovalService();

    // Act
    const response = await call(running.service.url, 'AWSStepFunctions.SendTaskSuccess', '{"taskToken": "se');

    // Assert
    expect(response.status).toBe(400);
    const body = (await response.json()) as { __type: string; message: string };
    expect(body.__type).toBe('SerializationException');
    expect(body.message).not.toContain('taskToken');
    expect(response.headers.get('content-type')).toBe('application/x-amz-json-1.0');
  });

  it('answers a missing required field with 400 ValidationException naming it', async () => {
    // Arrange
    running = await startApprovalService();

    // Act
    const response = await call(running.service.url, 'AWSStepFunctions.StartExecution', '{"name":"x"}');

    // Assert
    expect(response.status).toBe(400);
    const body = (await response.json()) as { __type: string; message: string };
    expect(body.__type).toBe('ValidationException');
    expect(body.message).toContain("'stateMachineArn'");
  });

  it('answers a field of the wrong type with 400 SerializationException naming it', async () => {
    // Arrange
    running = await startApprovalService();
    const body = JSON.stringify({ stateMachineArn: running.engine.stateMachineArn, maxResults: 'ten' });

    // Act
    const response = await call(running.service.url, 'AWSStepFunctions.ListExecutions', body);

    // Assert
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      __type: 'SerializationException',
      message: expect.stringContaining("'maxResults'"),
    });
  });

  it('answers a body over 1 MiB with 413', async () => {
    // Arrange
    running = await startApprovalService();
    const huge = JSON.stringify({ taskToken: 'x', output: 'x'.repeat(1024 * 1024) });

    // Act
    const response = await call(running.service.url, 'AWSStepFunctions.SendTaskSuccess', huge);

    // Assert
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ __type: 'RequestEntityTooLarge' });
  });

  it('answers anything but POST with 405 and how to call it', async () => {
    // Arrange
    running = await startApprovalService();

    // Act
    const response = await fetch(running.service.url);

    // Assert
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    expect(((await response.json()) as { message: string }).message).toContain('X-Amz-Target');
  });

  it('answers an unexpected failure with 500 InternalFailure, details only in the log', async () => {
    // Arrange
    running = await startApprovalService();
    running.engine.describeExecution = async () => {
      throw new Error('disk on fire');
    };

    // Act
    const response = await call(
      running.service.url,
      'AWSStepFunctions.DescribeExecution',
      JSON.stringify({ executionArn: 'arn:aws:states:us-east-1:123456789012:execution:approval:x' }),
    );

    // Assert
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({
      __type: 'InternalFailure',
      message: 'The local Step Functions service failed',
    });
    expect(text).not.toContain('disk on fire');
    expect(running.logs.join('\n')).toContain('disk on fire');
  });

  it('refuses to start on a port already in use, naming the port and SFN_PORT', async () => {
    // Arrange
    running = await startApprovalService();
    const { port } = running.service;

    // Act
    const second = startStepFunctionsService({ engine: running.engine, port });

    // Assert
    await expect(second).rejects.toThrow(new RegExp(`Port ${port}\\b.*SFN_PORT=`));
  });
});

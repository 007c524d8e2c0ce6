/**
 * What a failing AWS service answers, per protocol, so the SDK raises the same retryable errors it
 * raises on AWS: DynamoDB (JSON 1.0) an InternalServerError, SES (query/XML) ServiceUnavailable.
 */
export type FaultyService = 'DynamoDB' | 'SES';

export function faultResponse(service: FaultyService): {
  status: number;
  headers: Record<string, string>;
  body: string;
} {
  if (service === 'DynamoDB') {
    return {
      status: 500,
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'injected-fault' },
      body: JSON.stringify({
        __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError',
        message: 'Injected fault (LOCAL_FAULT_RATE)',
      }),
    };
  }
  return {
    status: 503,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': 'injected-fault' },
    body:
      '<ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><Error><Type>Receiver</Type>' +
      '<Code>ServiceUnavailable</Code><Message>Injected fault (LOCAL_FAULT_RATE)</Message></Error>' +
      '<RequestId>injected-fault</RequestId></ErrorResponse>',
  };
}

/** The operation a request asks for, for the log line: DynamoDB's X-Amz-Target, SES's Action. */
export function operationOf(
  service: FaultyService,
  headers: Record<string, string | string[] | undefined>,
  body: string,
) {
  if (service === 'DynamoDB')
    return (
      String(headers['x-amz-target'] ?? '')
        .split('.')
        .pop() || 'unknown'
    );
  return new URLSearchParams(body).get('Action') ?? 'unknown';
}

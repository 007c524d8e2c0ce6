import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { Sha256 } from '../../../functions/runtime/sha256.ts';

describe('the SHA-256 given to SignatureV4', () => {
  it('hashes like SHA-256 (empty input)', async () => {
    // Arrange
    const hash = new Sha256();

    // Act
    hash.update('');
    const digest = Buffer.from(await hash.digest()).toString('hex');

    // Assert
    expect(digest).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it("reproduces AWS's published SigV4 test vector (get-vanilla)", async () => {
    // Arrange: the AWS Signature Version 4 test suite's simplest request.
    const signer = new SignatureV4({
      credentials: {
        accessKeyId: 'AKIDEXAMPLE',
        secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
      },
      region: 'us-east-1',
      service: 'service',
      sha256: Sha256,
      applyChecksum: false,
    });

    // Act
    const signed = await signer.sign(
      {
        method: 'GET',
        protocol: 'https:',
        hostname: 'example.amazonaws.com',
        path: '/',
        query: {},
        headers: { host: 'example.amazonaws.com' },
      },
      { signingDate: new Date('2015-08-30T12:36:00Z') },
    );

    // Assert
    expect(signed.headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
    );
  });
});

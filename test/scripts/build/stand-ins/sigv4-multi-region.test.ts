import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import type { HttpRequest, SourceData } from '@smithy/types';
import { describe, expect, it } from 'vitest';
import { SignatureV4MultiRegion } from '../../../../scripts/build/stand-ins/sigv4-multi-region.ts';

/** SHA-256 (or its HMAC) in the shape SigV4 signers take. */
class Sha256 {
  readonly #hash: Hash | Hmac;

  constructor(secret?: SourceData) {
    this.#hash =
      secret === undefined ? createHash('sha256') : createHmac('sha256', toBytes(secret));
  }

  update(data: SourceData): void {
    this.#hash.update(toBytes(data));
  }

  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.#hash.digest());
  }
}

function toBytes(data: SourceData): string | Uint8Array {
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

function request(): HttpRequest {
  return {
    method: 'POST',
    protocol: 'https:',
    hostname: 'events.eu-west-1.amazonaws.com',
    path: '/',
    query: {},
    headers: {
      host: 'events.eu-west-1.amazonaws.com',
      'content-type': 'application/x-amz-json-1.1',
    },
    body: '{}',
  };
}

const signer = new SignatureV4MultiRegion({
  service: 'events',
  region: 'eu-west-1',
  credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
  sha256: Sha256,
});

describe('SignatureV4MultiRegion (Lambda bundle stand-in)', () => {
  it('signs a regional request with SigV4, as EventBridge audit events need', async () => {
    // Act
    const signed = await signer.sign(request(), { signingDate: new Date('2025-01-02T03:04:05Z') });

    // Assess
    expect(signed.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDTEST\/20250102\/eu-west-1\/events\/aws4_request, SignedHeaders=[^,]+, Signature=[0-9a-f]{64}$/,
    );
  });

  it('refuses a request to all regions (SigV4a, global endpoints) with a clear error', async () => {
    // Act
    const signing = signer.sign(request(), { signingRegion: '*' });

    // Assess
    await expect(signing).rejects.toThrow(/SigV4a signing .* is not bundled/);
    expect(SignatureV4MultiRegion.sigv4aDependency()).toBe('none');
  });
});

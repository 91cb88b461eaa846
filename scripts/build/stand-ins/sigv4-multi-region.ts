import { SignatureV4SignWithCredentials } from '@aws-sdk/signature-v4-multi-region';
import type {
  AwsCredentialIdentity,
  HttpRequest,
  RequestPresigningArguments,
  RequestSigningArguments,
} from '@smithy/types';

type SignerInit = ConstructorParameters<typeof SignatureV4SignWithCredentials>[0];

/** The region SigV4a signs for: EventBridge uses it only for global endpoints (`EndpointId`). */
const sigV4aRegion = '*';

function refuseSigV4a(options?: { signingRegion?: string }): void {
  if (options?.signingRegion === sigV4aRegion) {
    throw new Error(
      "SigV4a signing (EventBridge global endpoints) is not bundled into ecs-autopilot's Lambda functions",
    );
  }
}

/**
 * Stands in for `SignatureV4MultiRegion` of `@aws-sdk/signature-v4-multi-region` in the Lambda
 * bundles (an esbuild alias in scripts/build/lambda-aliases.ts); EventBridge's client signs with it.
 * It signs with plain SigV4 unless a request targets all regions (`*`, SigV4a), which needs the
 * separately installed CRT or JS SigV4a signer: neither is a dependency, so the real class throws
 * there too. Audit events go to a regional bus and never set `EndpointId`, so SigV4a never applies;
 * what goes is the real class's SigV4a plumbing and its long error texts (about 4 KB per bundle).
 */
export class SignatureV4MultiRegion {
  /** Tells EventBridge's auth scheme resolver that no SigV4a signer is available. */
  static sigv4aDependency(): 'none' {
    return 'none';
  }

  readonly #sigv4: SignatureV4SignWithCredentials;

  constructor(options: SignerInit & { runtime?: string }) {
    this.#sigv4 = new SignatureV4SignWithCredentials(options);
  }

  /** Signs with SigV4. @throws Error for a request to all regions (SigV4a). */
  async sign(request: HttpRequest, options: RequestSigningArguments = {}): Promise<HttpRequest> {
    refuseSigV4a(options);
    return this.#sigv4.sign(request, options);
  }

  /** Signs with SigV4 and other credentials. @throws Error for SigV4a, as above. */
  async signWithCredentials(
    request: HttpRequest,
    credentials: AwsCredentialIdentity,
    options: RequestSigningArguments = {},
  ): Promise<HttpRequest> {
    refuseSigV4a(options);
    return this.#sigv4.signWithCredentials(request, credentials, options);
  }

  /** Presigns with SigV4. @throws Error for SigV4a, as above. */
  async presign(
    request: HttpRequest,
    options: RequestPresigningArguments = {},
  ): Promise<HttpRequest> {
    refuseSigV4a(options);
    return this.#sigv4.presign(request, options);
  }

  /** Presigns with SigV4 and other credentials. @throws Error for SigV4a, as above. */
  async presignWithCredentials(
    request: HttpRequest,
    credentials: AwsCredentialIdentity,
    options: RequestPresigningArguments = {},
  ): Promise<HttpRequest> {
    refuseSigV4a(options);
    return this.#sigv4.presignWithCredentials(request, credentials, options);
  }
}

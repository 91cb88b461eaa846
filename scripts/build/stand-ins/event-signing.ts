/**
 * Stands in for `HeaderFormatter` of `@smithy/signature-v4` in the Lambda bundles (an esbuild alias
 * in scripts/build/lambda-aliases.ts). Every SigV4 signer creates one, but only uses it to sign
 * event-stream messages (`signMessage`), and none of the APIs the functions call streams events.
 * The real one carries a binary header encoder with a 64-bit integer type (about 2 KB per bundle).
 */
export class HeaderFormatter {
  /** @throws Error always: event-stream signing is not bundled. */
  format(_headers: unknown): never {
    throw new Error(
      "Signing event-stream messages is not bundled into ecs-autopilot's Lambda functions",
    );
  }
}

/**
 * The V8 heap limits a function's process runs under on AWS Lambda. The Node.js runtime's
 * bootstrap (`/var/runtime/bootstrap` of nodejs20.x to nodejs24.x) starts node with
 * `--max-semi-space-size` and `--max-old-space-size` derived from
 * `AWS_LAMBDA_FUNCTION_MEMORY_SIZE` ("New space should be 5% of AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
 * the rest old space), unless NODE_OPTIONS already sets either flag. Published copies of that
 * script: gist.github.com/davidjb/432ea4e1c89f399ec412270539fe126f (nodejs20.x) and
 * dev.to/wonderfulsoap "Deep Dive into AWS Lambda (3)" (nodejs24.x).
 *
 * Without these flags V8 sizes its young generation from the machine's memory: 16 MiB
 * semi-spaces on a benchmark machine with gigabytes free, against 3 MiB in a 128 MB function,
 * which alone adds about 24 MiB of peak RSS that Lambda never sees.
 */

/** The function size the memory target is about. */
export const lambdaMemoryMb = 128;

/** How a measured function process sizes its heap. */
export type ChildHeap = 'lambda' | 'unconstrained';

/**
 * Node flags of a Lambda function of `memoryMb`: new space 5 % of it (split into two
 * semi-spaces; V8's young generation counts three, which would make them 2 MiB at 128 MB, so
 * this errs on the larger side) and the rest old space.
 *
 * @returns the flags, or none when `nodeOptions` already sets a heap size (the runtime then adds
 *   none either).
 */
export function lambdaHeapFlags(memoryMb: number, nodeOptions = ''): string[] {
  if (/--max[-_](semi|old)[-_]space[-_]size/.test(nodeOptions)) return [];
  const newSpace = Math.floor(memoryMb / 20);
  return [
    `--max-semi-space-size=${Math.max(1, Math.floor(newSpace / 2))}`,
    `--max-old-space-size=${memoryMb - newSpace}`,
  ];
}

/**
 * Captures everything written to stdout and stderr: the Powertools logger and the EMF metrics of
 * the bundles write there. The capture is silent; a failed test can print it for diagnosis.
 */
export type OutputCapture = {
  /** Every line written since the capture started. */
  lines: () => string[];
  /** Restores the streams; the captured text stays readable. */
  stop: () => void;
};

/** Starts capturing stdout and stderr of this process. */
export function captureOutput(): OutputCapture {
  const chunks: string[] = [];
  const out = process.stdout.write;
  const err = process.stderr.write;
  const capture = ((chunk: unknown) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString());
    return true;
  }) as typeof process.stdout.write;
  process.stdout.write = capture;
  process.stderr.write = capture;
  return {
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter((line) => line.length > 0),
    stop: () => {
      process.stdout.write = out;
      process.stderr.write = err;
    },
  };
}

import { describe, expect, it } from 'vitest';
import { startProgress } from '../../cli/progress.ts';

function capture(isTTY: boolean) {
  const output = { text: '' };
  const stderr = {
    isTTY,
    write: (text: string) => {
      output.text += text;
    },
  };
  return { output, stderr };
}

const stats = () => ({
  calls: { ListTaskDefinitionsCommand: 40, DescribeTaskDefinitionCommand: 2 },
  throttled: { ListTaskDefinitionsCommand: 1 },
  waitedMs: 0,
});

describe('startProgress', () => {
  it('prints a line per step and a closing line with the calls made, for logs', async () => {
    // Prepare
    const { output, stderr } = capture(false);
    const progress = startProgress({ stderr, quiet: false, stats, clock: () => 0 });

    // Act
    await progress.track(async () => progress.step('reading task definitions'));

    // Assess
    expect(output.text).toBe(
      'reading task definitions: 42 AWS call(s), 1 throttled, 0s\ndone: 42 AWS call(s), 1 throttled, 0s\n',
    );
  });

  it('rewrites one line in place on a terminal, and ends it', async () => {
    // Prepare
    const { output, stderr } = capture(true);
    const progress = startProgress({ stderr, quiet: false, stats, clock: () => 0 });

    // Act
    progress.step('reading services');
    progress.done();

    // Assess
    expect(output.text).toBe(
      '\r\x1b[Kreading services: 42 AWS call(s), 1 throttled, 0s\r\x1b[Kdone: 42 AWS call(s), 1 throttled, 0s\n',
    );
  });

  it('closes with "failed" when the scan throws, and rethrows', async () => {
    // Prepare
    const { output, stderr } = capture(false);
    const progress = startProgress({ stderr, quiet: false, stats, clock: () => 0 });

    // Act
    const scan = progress.track(() => Promise.reject(new Error('AccessDenied')));

    // Assess
    await expect(scan).rejects.toThrow('AccessDenied');
    expect(output.text).toContain('failed: 42 AWS call(s)');
  });

  it('writes nothing when quiet', async () => {
    // Prepare
    const { output, stderr } = capture(true);
    const progress = startProgress({ stderr, quiet: true, stats });

    // Act
    progress.step('reading');
    progress.done();

    // Assess
    expect(output.text).toBe('');
  });
});

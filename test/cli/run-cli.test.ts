import { describe, expect, it } from 'vitest';
import { runCli } from '../../cli/run-cli.ts';
import { createFakeIo } from './fake-io.ts';

const cwd = import.meta.dirname;

describe('runCli', () => {
  it.each([
    ['an unknown command', ['deploy'], 'unknown command "deploy"', '--help'],
    ['an unknown plan', ['plan', 'restart'], 'unknown plan "restart"', 'plan --help'],
    [
      'a mistyped option',
      ['plan', 'prune', '--polcy', 'x.yml'],
      'unknown option --polcy (did you mean --policy?)',
      'plan prune --help',
    ],
    [
      'an option far from any known one',
      ['explain', 'e.json', '--xyzzy'],
      'unknown option --xyzzy\n',
      'explain --help',
    ],
    [
      'an option without its value',
      ['plan', 'scale', '--region'],
      'option --region needs a value',
      'plan scale --help',
    ],
    [
      'a value for a switch',
      ['validate', '--json=yes'],
      'option --json takes no value',
      'validate --help',
    ],
    [
      'a mistyped command',
      ['expalin', 'e.json'],
      'unknown command "expalin" (did you mean explain?)',
      '--help',
    ],
    [
      'a mistyped plan',
      ['plan', 'prnue'],
      'unknown plan "prnue" (did you mean prune?)',
      'plan --help',
    ],
    ['an extra argument', ['validate', 'policy.yml'], 'policy.yml', 'validate --help'],
    ['explain without an event file', ['explain'], 'needs an event file', 'explain --help'],
    [
      'a service without its cluster',
      ['plan', 'scale', '--service', 'web'],
      'CLUSTER/SERVICE',
      'plan scale --help',
    ],
  ])('refuses %s with status 2 and a pointer to the help', async (_, argv, message, help) => {
    // Prepare
    const { io, output } = createFakeIo({ cwd });

    // Act
    const code = await runCli(argv, io);

    // Assess
    expect(code).toBe(2);
    expect(output.stderr).toContain(message);
    expect(output.stderr).toContain(`Run "ecs-autopilot ${help}`);
    expect(output.stdout).toBe('');
  });

  it.each([
    [['--help'], 'Usage: ecs-autopilot <command> [options]'],
    [['plan', '--help'], 'Usage: ecs-autopilot plan <prune|scale>'],
    [['plan', 'prune', '--help'], 'Usage: ecs-autopilot plan prune [options]'],
    [['plan', 'scale', '-h'], 'Usage: ecs-autopilot plan scale [options]'],
    [['explain', '--help'], 'Usage: ecs-autopilot explain EVENT.json [options]'],
    [['validate', '--help'], 'Usage: ecs-autopilot validate [--policy FILE] [--json]'],
  ])('prints the help of %j on stdout with status 0', async (argv, usage) => {
    // Prepare
    const { io, output } = createFakeIo({ cwd });

    // Act
    const code = await runCli(argv, io);

    // Assess
    expect(code).toBe(0);
    expect(output.stdout.startsWith(usage)).toBe(true);
    expect(output.stderr).toBe('');
  });

  it.each([
    ['plan', 'prune'],
    ['plan', 'scale'],
    ['explain'],
    ['validate'],
  ])('says in the help of %s %s which policy is used by default', async (...command) => {
    // Prepare
    const { io, output } = createFakeIo({ cwd });

    // Act
    await runCli([...command, '--help'], io);

    // Assess
    expect(output.stdout).toContain('$AUTOPILOT_POLICY, else');
    expect(output.stdout).toContain('./policy.yml');
  });

  it('prints the help and fails with status 2 when no command is given', async () => {
    // Prepare
    const { io, output } = createFakeIo({ cwd });

    // Act
    const code = await runCli([], io);

    // Assess
    expect(code).toBe(2);
    expect(output.stdout).toContain('plan prune');
  });

  it('prints the package version', async () => {
    // Prepare
    const { io, output } = createFakeIo({ cwd });

    // Act
    const code = await runCli(['--version'], io);

    // Assess
    expect(code).toBe(0);
    expect(output.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});

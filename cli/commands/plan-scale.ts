import type { ScaleServiceName } from '../../shared/scale/inventory.ts';
import { planScaleTick } from '../../shared/scale/plan-tick.ts';
import { type CliIo, writeLines } from '../cli-io.ts';
import { awsOptions, parseCommandArgs } from '../parse-command-args.ts';
import { prepareAwsRun } from '../prepare-aws-run.ts';
import { describePolicySource } from '../resolve-policy.ts';
import { UsageError } from '../usage-error.ts';
import { formatScalePlan } from './scale-plan-view.ts';
import { AWS_OPTIONS_HELP, EXIT_STATUS_HELP } from './shared-help.ts';

export const planScaleHelp = `Usage: ecs-autopilot plan scale [options]

Shows what the scaleServices function would do on a tick now: for every service the
policy's scale.services selects, the current and desired count, the reason, and each
metric against its target. Read-only: it lists and describes services, reads CloudWatch
metrics, and for the services whose count would change their tasks (health, start time,
protection), and never updates a service or publishes a metric.

Options:
${AWS_OPTIONS_HELP}
  --service CLUSTER/SERVICE
                     only this service (repeat for more), as an alarm-triggered tick does
  --json             the decisions as JSON on stdout, with metric details and notes

${EXIT_STATUS_HELP}`;

const options = { ...awsOptions, service: { type: 'string', multiple: true } } as const;

/**
 * `plan scale`: the scale function's gather (services, metrics, then task protection for
 * scale-ins) and pure decisions, stopped before its guard and act steps; the guard's verdict
 * is computed and shown, nothing is sent.
 *
 * @returns the exit status.
 * @throws UsageError, InvalidConfigError, AwsCallError when listing fails, or Error for a
 *   missing Region or credentials.
 */
export async function runPlanScale(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs('plan scale', args, options, 0);
  if (values.help) {
    io.stdout.write(`${planScaleHelp}\n`);
    return 0;
  }
  const only = values.service?.map(parseServiceName);
  const run = await prepareAwsRun(values, io, (policy) => policy.pacing.share);
  const config = run.policy.scale;
  const now = io.now();
  // The function's own gather, decisions and guard; the act step is where the preview stops.
  const { plan, failures, metricBatches } = await run.progress.track(() =>
    planScaleTick(config, { now, only, onStep: (step) => run.progress.step(step) }),
  );

  const services = plan.items
    .map(({ serviceArn, decision, guard }) => ({ serviceArn, ...decision, guard }))
    .sort((a, b) => keyOf(a).localeCompare(keyOf(b)));
  const { changes, heldBack } = plan;
  if (values.json) {
    const document = {
      command: 'plan scale',
      generatedAt: now.toISOString(),
      region: run.region,
      policy: describePolicySource(run.source),
      dryRun: config.dryRun,
      maxServicesChangedPerRun: config.maxServicesChangedPerRun,
      changes,
      heldBack,
      metricCalls: metricBatches.length,
      services,
      failures,
    };
    io.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
    return 0;
  }
  const view = {
    decisions: services,
    failures,
    dryRun: config.dryRun,
    maxServicesChangedPerRun: config.maxServicesChangedPerRun,
    heldBack,
    rules: config.services.length,
  };
  writeLines(io.stdout, formatScalePlan(view));
  return 0;
}

function parseServiceName(text: string): ScaleServiceName {
  const [clusterName, serviceName, ...rest] = text.split('/');
  if (!clusterName || !serviceName || rest.length > 0) {
    throw new UsageError(`--service expects CLUSTER/SERVICE, got "${text}"`, 'plan scale');
  }
  return { clusterName, serviceName };
}

function keyOf(service: { clusterName: string; serviceName: string }): string {
  return `${service.clusterName}/${service.serviceName}`;
}

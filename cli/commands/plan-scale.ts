import { protectScaleIns } from '../../shared/scale/act.ts';
import { gatherScaleInventory, type ScaleServiceName } from '../../shared/scale/inventory.ts';
import { decideServiceScale } from '../../shared/scale/policy/decide-service-scale.ts';
import { gatherScaleReadings } from '../../shared/scale/readings.ts';
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
metrics and task protection, and never updates a service or publishes a metric.

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
  const nowMs = now.getTime();
  const { inventory, batches, decisions } = await run.progress.track(async () => {
    run.progress.step('reading services');
    const inventory = await gatherScaleInventory(config, { only });
    run.progress.step('reading metrics');
    const { batches, readings } = await gatherScaleReadings(inventory.services, config, nowMs);
    run.progress.step('deciding');
    const decided = inventory.services.map((facts) => decideServiceScale(facts, readings, nowMs));
    return { inventory, batches, decisions: await protectScaleIns(decided, now) };
  });

  const services = decisions
    .map((decision, i) => ({ serviceArn: inventory.services[i]?.serviceArn ?? '', ...decision }))
    .sort((a, b) => keyOf(a).localeCompare(keyOf(b)));
  const changes = services.filter((d) => d.desiredCount !== d.currentCount).length;
  // The act step's guard: a tick that wants to change more services than allowed changes none.
  const guardRefused = changes > config.maxServicesChangedPerRun;
  if (values.json) {
    const document = {
      command: 'plan scale',
      generatedAt: now.toISOString(),
      region: run.region,
      policy: describePolicySource(run.source),
      dryRun: config.dryRun,
      maxServicesChangedPerRun: config.maxServicesChangedPerRun,
      changes,
      guardRefused,
      metricCalls: batches.length,
      services,
      failures: inventory.failures,
    };
    io.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
    return 0;
  }
  const view = {
    decisions: services,
    failures: inventory.failures,
    dryRun: config.dryRun,
    maxServicesChangedPerRun: config.maxServicesChangedPerRun,
    guardRefused,
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

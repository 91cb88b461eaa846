import {
  ApplicationAutoScalingClient,
  paginateDescribeScalableTargets,
} from '@aws-sdk/client-application-auto-scaling';
import { collectPages } from './call-aws.ts';
import { clientFor } from './clients.ts';

/**
 * Returns the resource ids (`service/<cluster>/<service>`) of ECS services registered with
 * Application Auto Scaling for their desired count: another controller owns those.
 * Requires application-autoscaling:DescribeScalableTargets.
 */
export async function listAutoScaledServiceIds(): Promise<Set<string>> {
  const pages = paginateDescribeScalableTargets(
    { client: clientFor(ApplicationAutoScalingClient, { paced: false }), pageSize: 50 },
    { ServiceNamespace: 'ecs', ScalableDimension: 'ecs:service:DesiredCount' },
  );
  const targets = await collectPages(
    'DescribeScalableTargets',
    pages,
    (page) => page.ScalableTargets,
  );
  return new Set(targets.flatMap((target) => (target.ResourceId ? [target.ResourceId] : [])));
}

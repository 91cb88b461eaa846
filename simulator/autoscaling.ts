/**
 * Application Auto Scaling: DescribeScalableTargets over seeded registrations, so the scaler
 * can leave services that another controller manages alone.
 */
import type { SimContext } from './context.ts';
import { validationException } from './errors.ts';
import { type Input, optionalNumber, optionalString, requireString, stringList } from './input.ts';
import { paginate } from './paginate.ts';
import type { Handlers } from './router.ts';

function describeScalableTargets(ctx: SimContext, input: Input) {
  const namespace = requireString(input, 'ServiceNamespace', validationException);
  const ids = stringList(input, 'ResourceIds', validationException);
  if (ids.length > 50) throw validationException('ResourceIds can hold at most 50 items.');
  const dimension = optionalString(input, 'ScalableDimension', validationException);
  const items = ctx.account.scalableTargets
    .filter(
      (target) =>
        target.ServiceNamespace === namespace &&
        (ids.length === 0 || ids.includes(target.ResourceId)) &&
        (dimension === undefined || target.ScalableDimension === dimension),
    )
    .sort((a, b) => (a.ResourceId < b.ResourceId ? -1 : 1));
  const page = paginate({
    items,
    key: (target) => `${target.ResourceId}\u0000${target.ScalableDimension}`,
    maxResults: optionalNumber(input, 'MaxResults', validationException),
    defaultSize: 50,
    limit: 50,
    nextToken: optionalString(input, 'NextToken', validationException),
  });
  return {
    ScalableTargets: page.items.map((target) => ({
      ...target,
      CreationTime: target.CreationTime / 1000,
      SuspendedState: {
        DynamicScalingInSuspended: false,
        DynamicScalingOutSuspended: false,
        ScheduledScalingSuspended: false,
      },
    })),
    NextToken: page.nextToken,
  };
}

/** Application Auto Scaling handlers (JSON 1.1, target prefix `AnyScaleFrontendService`). */
export const autoScalingHandlers: Handlers = {
  DescribeScalableTargets: describeScalableTargets,
};

import { matchesGlob } from '../../config/glob.ts';
import type { ScaleConfig, ScaleServiceRule } from '../../config/scale-section.ts';

/**
 * Finds the first rule of the `scale:` section whose cluster and service globs match the
 * service (rules are ordered: put specific rules before broad ones).
 *
 * @returns the matching rule, or undefined when the policy does not select the service (it is
 *   then never touched: nothing scales unless selected).
 * @throws never.
 */
export function selectScaleRule(
  config: ScaleConfig,
  service: { clusterName: string; serviceName: string },
): ScaleServiceRule | undefined {
  return config.services.find(
    (rule) =>
      matchesGlob(service.clusterName, rule.match.cluster) &&
      matchesGlob(service.serviceName, rule.match.service),
  );
}

/** The key that identifies a service across queries, results and decisions. */
export function getScaleServiceKey(service: { clusterName: string; serviceName: string }): string {
  return `${service.clusterName}/${service.serviceName}`;
}

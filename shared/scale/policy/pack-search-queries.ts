import type { MetricDataQueryLike } from './compile-metric-queries.ts';

/** CloudWatch rejects search expressions longer than this (query size limit). */
export const MAX_SEARCH_EXPRESSION_LENGTH = 1024;
/**
 * Services per SEARCH at most: a divisor of GetMetricData's 500 metrics per call, so whole
 * searches fill a call exactly (the 1024-character limit may make them smaller).
 */
export const MAX_SEARCH_MEMBERS = 25;

/**
 * The label every series a per-service SEARCH returns carries: CloudWatch's dynamic label with
 * the series' own dimension values, so each series maps back to its service by
 * {@link getScaleServiceKey}'s `cluster/service` (ECS names never contain a slash).
 */
// biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudWatch dynamic label, not a template
export const SERVICE_SERIES_LABEL = "${PROP('Dim.ClusterName')}/${PROP('Dim.ServiceName')}";

/** A query as planned: the SDK's MetricDataQuery fields, with the label SEARCH results need. */
export type PlannedQuery = MetricDataQueryLike & { Label?: string };

/** One metric that exists once per service with exactly the ClusterName and ServiceName dims. */
export type ServiceMetricStat = {
  namespace: string;
  metricName: string;
  stat: string;
  periodSeconds: number;
};

/** A set of services whose copy of one {@link ServiceMetricStat} is read by SEARCH. */
export type SearchGroup<TRef> = {
  metric: ServiceMetricStat;
  clusterName: string;
  /** Service name → what its series stands for. */
  members: Map<string, TRef>;
};

/** A planned SEARCH query and, by returned label, what each series stands for. */
export type PackedSearch<TRef> = { query: PlannedQuery; members: Record<string, TRef> };

// Inside an exact-match term CloudWatch requires these to be escaped with a backslash.
const escapeExact = (text: string): string => text.replace(/["\\()]/g, (c) => `\\${c}`);

/**
 * True when a value can appear in a SEARCH expression: the expression is itself quoted with
 * single quotes, which an exact-match term cannot escape.
 */
export function isSearchable(metric: ServiceMetricStat): boolean {
  return ![metric.namespace, metric.metricName, metric.stat].some((text) => text.includes("'"));
}

/**
 * Packs each group into SEARCH expressions of at most 25 services and 1024 characters:
 * `{"<namespace>",ClusterName,ServiceName} MetricName="<m>" ClusterName="<c>" (ServiceName="a"
 * OR ServiceName="b" …)`. Exact-match terms on both dimensions, rather than one broad search
 * per namespace, keep each search's result bounded by the services listed: a broad search
 * stops at 500 series and would also return every stale service of the last two weeks.
 *
 * @returns one query per packed search, ids `<idPrefix><n>`, with its label → member map.
 * @throws never.
 */
export function packSearchQueries<TRef>(
  groups: Iterable<SearchGroup<TRef>>,
  idPrefix: string,
): PackedSearch<TRef>[] {
  const packed: PackedSearch<TRef>[] = [];
  for (const group of groups) {
    const { metric, clusterName } = group;
    const head =
      `SEARCH('{"${metric.namespace}",ClusterName,ServiceName} ` +
      `MetricName="${escapeExact(metric.metricName)}" ClusterName="${escapeExact(clusterName)}" (`;
    const tail = `)', '${metric.stat}', ${metric.periodSeconds})`;
    let terms: string[] = [];
    let members: Record<string, TRef> = {};
    let length = head.length + tail.length;
    const flush = () => {
      if (terms.length === 0) return;
      const query: PlannedQuery = {
        Id: `${idPrefix}${packed.length}`,
        Expression: `${head}${terms.join(' OR ')}${tail}`,
        Label: SERVICE_SERIES_LABEL,
        ReturnData: true,
      };
      packed.push({ query, members });
      terms = [];
      members = {};
      length = head.length + tail.length;
    };
    for (const [serviceName, ref] of group.members) {
      const term = `ServiceName="${escapeExact(serviceName)}"`;
      const added = term.length + (terms.length > 0 ? 4 : 0);
      if (length + added > MAX_SEARCH_EXPRESSION_LENGTH || terms.length === MAX_SEARCH_MEMBERS) {
        flush();
      }
      length += term.length + (terms.length > 0 ? 4 : 0);
      terms.push(term);
      members[`${clusterName}/${serviceName}`] = ref;
    }
    flush();
  }
  return packed;
}

/**
 * Writes the playground's HTML report: one self-contained file (inline CSS and SVG, no script,
 * no network) with a chart per chapter, so what the functions did can be seen at a glance.
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { PlaygroundRecord } from './record.ts';
import {
  escapeHtml,
  renderRestartChart,
  renderRevisionsChart,
  renderScaleChart,
} from './report-charts.ts';

const style = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 24px auto; max-width: 800px; color: #1d2430; }
h1 { font-size: 22px; } h2 { font-size: 17px; margin-top: 28px; }
.plot { fill: #f7f9fc; stroke: #d5dbe5; }
.axis, .label { font-size: 11px; fill: #5b6474; }
.target { stroke: #d9480f; stroke-dasharray: 6 4; stroke-width: 1.5; }
.metric { stroke: #d9480f; stroke-width: 2; }
.desired { stroke: #1c7ed6; stroke-width: 2.5; }
.running { stroke: #2b8a3e; stroke-width: 1.5; stroke-dasharray: 3 3; }
.tick { fill: #1c7ed6; }
.bar.active { fill: #1c7ed6; } .bar.inactive { fill: #adb5bd; }
.bar.after { opacity: 0.75; }
.lineage { stroke: #ced4da; stroke-width: 2; }
.stopped { fill: #e03131; } .started { fill: #2b8a3e; }
.backoff { fill: #ffd8a8; stroke: #f08c00; }
.abandoned { stroke: #e03131; stroke-width: 3; fill: none; }
.key span { display: inline-block; margin-right: 14px; }
.swatch { display: inline-block; width: 14px; height: 4px; vertical-align: middle; margin-right: 4px; }
`;

const key = (entries: [string, string][]) =>
  `<p class="key">${entries.map(([colour, label]) => `<span><i class="swatch" style="background:${colour}"></i>${escapeHtml(label)}</span>`).join('')}</p>`;

/** The report's HTML. */
export function renderReport(record: PlaygroundRecord): string {
  const scale = record.scale
    .map((series) => `<h3>${escapeHtml(series.service)}</h3>${renderScaleChart(series)}`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>ecs-autopilot playground report</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${style}</style></head>
<body>
<h1>What the functions did</h1>
<p>The playground's story on a simulated account (scenario <code>${escapeHtml(record.scenario)}</code>, policy <code>${escapeHtml(record.policyFile)}</code>). Times are simulated minutes since the story began.</p>
<h2>Metric-driven scaling</h2>
${key([
  ['#d9480f', 'metric (left axis, %)'],
  ['#1c7ed6', 'desired tasks'],
  ['#2b8a3e', 'running tasks (right axis)'],
])}
${scale || '<p>No service was scaled.</p>'}
<h2>Task-definition hygiene</h2>
${key([
  ['#1c7ed6', 'ACTIVE'],
  ['#adb5bd', 'INACTIVE'],
])}
${record.revisions.length > 0 ? renderRevisionsChart(record.revisions) : '<p>No task definitions.</p>'}
<h2>Self-healing tasks</h2>
${key([
  ['#e03131', 'task stopped'],
  ['#f08c00', 'backoff on the delay queue'],
  ['#2b8a3e', 'RunTask'],
])}
${record.lineages.some((lineage) => lineage.steps.length > 0) ? renderRestartChart(record.lineages) : '<p>No task was restarted.</p>'}
</body></html>
`;
}

/** Writes the report. @returns its absolute path. */
export async function writeReport(record: PlaygroundRecord, path: string): Promise<string> {
  const absolute = resolve(path);
  await writeFile(absolute, renderReport(record));
  return absolute;
}

/**
 * The report's three charts as inline SVG strings: no script, no external resource, so the file
 * renders the same offline in any browser. Each chart is an `<svg>` with an id and classed
 * shapes (the browser test looks for them).
 */
import type { FamilyRevisions, LineageStep, ScaleSeries } from './record.ts';

const width = 760;
const height = 260;
const pad = { left: 48, right: 48, top: 20, bottom: 36 };

/** Escapes text for HTML and SVG. */
export function escapeHtml(text: string): string {
  return text.replace(/[<>&"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

const scaleTo = (domainMax: number, pixels: number) => (value: number) =>
  domainMax === 0 ? 0 : (value / domainMax) * pixels;
const minutes = (ms: number) => (ms / 60_000).toFixed(ms % 60_000 === 0 ? 0 : 1);

function frame(id: string, title: string, body: string, tall = height): string {
  return `<svg id="${id}" role="img" aria-label="${escapeHtml(title)}" viewBox="0 0 ${width} ${tall}" width="${width}" height="${tall}" xmlns="http://www.w3.org/2000/svg"><title>${escapeHtml(title)}</title>${body}</svg>`;
}

function text(x: number, y: number, content: string, extra = ''): string {
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${extra}>${escapeHtml(content)}</text>`;
}

/** The scaled service's metric against its target, with desired and running task counts. */
export function renderScaleChart(series: ScaleSeries): string {
  const innerW = width - pad.left - pad.right;
  const innerH = height - pad.top - pad.bottom;
  const first = series.points[0]?.atMs ?? 0;
  const last = series.points.at(-1)?.atMs ?? first;
  const x = (at: number) => pad.left + scaleTo(Math.max(1, last - first), innerW)(at - first);
  const yMetric = (value: number) => pad.top + innerH - scaleTo(100, innerH)(Math.min(100, value));
  const taskMax = Math.max(
    series.max,
    ...series.points.map((p) => Math.max(p.desired, p.running)),
    1,
  );
  const yTasks = (count: number) => pad.top + innerH - scaleTo(taskMax, innerH)(count);
  const line = (className: string, points: [number, number][]) =>
    `<polyline class="${className}" fill="none" points="${points.map(([px, py]) => `${px.toFixed(1)},${py.toFixed(1)}`).join(' ')}"/>`;
  const metric = series.points.flatMap((p) =>
    p.value === undefined ? [] : [[x(p.atMs), yMetric(p.value)] as [number, number]],
  );
  // Desired count is a step: it holds until the next tick changes it.
  const desired = series.points.flatMap((p, index): [number, number][] => {
    const previous = series.points[index - 1];
    const held: [number, number][] =
      previous === undefined ? [] : [[x(p.atMs), yTasks(previous.desired)]];
    return [...held, [x(p.atMs), yTasks(p.desired)]];
  });
  const running = series.points.map((p): [number, number] => [x(p.atMs), yTasks(p.running)]);
  const target = yMetric(series.target);
  const body = [
    `<rect class="plot" x="${pad.left}" y="${pad.top}" width="${innerW}" height="${innerH}"/>`,
    `<line class="target" x1="${pad.left}" x2="${pad.left + innerW}" y1="${target.toFixed(1)}" y2="${target.toFixed(1)}"/>`,
    text(pad.left + 4, target - 4, `target ${series.target}%`, 'class="label target-label"'),
    line('metric', metric),
    line('desired', desired),
    line('running', running),
    ...series.points.map(
      (p) =>
        `<circle class="tick ${p.reason}" cx="${x(p.atMs).toFixed(1)}" cy="${yTasks(p.desired).toFixed(1)}" r="3"><title>${escapeHtml(`+${minutes(p.atMs)} min: ${p.value?.toFixed(0) ?? 'no data'}%, desired ${p.desired}, running ${p.running} (${p.reason})`)}</title></circle>`,
    ),
    text(4, pad.top + 10, '100%', 'class="axis"'),
    text(4, pad.top + innerH, '0%', 'class="axis"'),
    text(width - 4, pad.top + 10, `${taskMax} tasks`, 'class="axis" text-anchor="end"'),
    text(width - 4, pad.top + innerH, '0', 'class="axis" text-anchor="end"'),
    text(pad.left, height - 10, `+${minutes(first)} min`, 'class="axis"'),
    text(pad.left + innerW - 60, height - 10, `+${minutes(last)} min`, 'class="axis"'),
  ];
  return frame(
    'scale-chart',
    `${series.service}: ${series.metric} against its target, desired and running tasks`,
    body.join(''),
  );
}

/** ACTIVE and INACTIVE revisions per family, before and after the prune run. */
export function renderRevisionsChart(families: readonly FamilyRevisions[]): string {
  const innerW = width - pad.left - pad.right;
  const innerH = height - pad.top - pad.bottom;
  const most = Math.max(
    1,
    ...families.flatMap((f) => [
      f.before.active + f.before.inactive,
      f.after.active + f.after.inactive,
    ]),
  );
  const y = scaleTo(most, innerH);
  const slot = innerW / Math.max(1, families.length);
  const barW = Math.min(28, slot / 3);
  const bars = families.flatMap((family, index) => {
    const center = pad.left + slot * index + slot / 2;
    return (['before', 'after'] as const)
      .flatMap((when, side) => {
        const counts = family[when];
        const left = center + (side === 0 ? -barW - 2 : 2);
        const base = pad.top + innerH;
        const active = y(counts.active);
        const inactive = y(counts.inactive);
        return [
          `<rect class="bar ${when} active" x="${left.toFixed(1)}" y="${(base - active).toFixed(1)}" width="${barW.toFixed(1)}" height="${active.toFixed(1)}"><title>${escapeHtml(`${family.family} ${when}: ${counts.active} ACTIVE`)}</title></rect>`,
          `<rect class="bar ${when} inactive" x="${left.toFixed(1)}" y="${(base - active - inactive).toFixed(1)}" width="${barW.toFixed(1)}" height="${inactive.toFixed(1)}"><title>${escapeHtml(`${family.family} ${when}: ${counts.inactive} INACTIVE`)}</title></rect>`,
        ];
      })
      .concat(text(center, height - 12, family.family, 'class="axis" text-anchor="middle"'));
  });
  const body = [
    `<rect class="plot" x="${pad.left}" y="${pad.top}" width="${innerW}" height="${innerH}"/>`,
    ...bars,
    text(4, pad.top + 10, String(most), 'class="axis"'),
    text(4, pad.top + innerH, '0', 'class="axis"'),
  ];
  return frame(
    'revisions-chart',
    'Task-definition revisions per family, before (left) and after (right) pruning',
    body.join(''),
  );
}

/** Each restart lineage on a timeline: stops, the backoff before each RunTask, the end. */
export function renderRestartChart(
  lineages: readonly { family: string; steps: readonly LineageStep[] }[],
): string {
  const innerW = width - pad.left - pad.right;
  const all = lineages.flatMap((lineage) => lineage.steps.map((step) => step.atMs));
  const first = Math.min(...all, 0);
  const last = Math.max(...all, first + 1);
  const x = (at: number) => pad.left + scaleTo(last - first, innerW)(at - first);
  const rowH = 56;
  const rows = lineages.map((lineage, index) => {
    const y = pad.top + 30 + index * rowH;
    const shapes = lineage.steps.map((step) => {
      const cx = x(step.atMs).toFixed(1);
      const tip = `<title>${escapeHtml(`+${minutes(step.atMs)} min: ${step.kind}, attempt ${step.attempt}${step.reason ? ` (${step.reason})` : ''}`)}</title>`;
      if (step.kind === 'queued') {
        const end = x(step.atMs + (step.delaySeconds ?? 0) * 1000);
        const w = Math.max(2, end - x(step.atMs));
        return `<rect class="backoff" x="${cx}" y="${y - 8}" width="${w.toFixed(1)}" height="16">${tip}</rect>${text(Number(cx) + w / 2, y - 12, `${step.delaySeconds} s`, 'class="label" text-anchor="middle"')}`;
      }
      if (step.kind === 'abandoned')
        return `<path class="abandoned" d="M${Number(cx) - 6},${y - 6} l12,12 m0,-12 l-12,12">${tip}</path>`;
      return `<circle class="${step.kind}" cx="${cx}" cy="${y}" r="5">${tip}</circle>`;
    });
    return `<line class="lineage" x1="${pad.left}" x2="${pad.left + innerW}" y1="${y}" y2="${y}"/>${text(4, y - 16, lineage.family, 'class="axis"')}${shapes.join('')}`;
  });
  // As tall as its lineages, not a fixed chart height.
  const tall = pad.top + 30 + lineages.length * rowH + pad.bottom - rowH / 2;
  const body = [
    ...rows,
    text(pad.left, tall - 10, `+${minutes(first)} min`, 'class="axis"'),
    text(pad.left + innerW - 60, tall - 10, `+${minutes(last)} min`, 'class="axis"'),
  ];
  const title = 'Restart lineages: each stop, the backoff before the next RunTask, and the end';
  return frame('restart-chart', title, body.join(''), tall);
}

/**
 * The report's data model: every measurement returns a section of figures, each with its target
 * beside it. Pure: formatting and target checks only, shared by the terminal table, results.json
 * and BENCHMARKS.md.
 */

/** A target a figure is held to; `stretch` targets are reported but never counted as missed. */
export type Target = { op: '<=' | '>=' | '=='; value: number };

export type Figure = {
  name: string;
  /** Undefined when the measurement could not produce it (the note says why). */
  value: number | string | undefined;
  unit?: string;
  /** Decimals to print (default: 0 for integers, 2 otherwise). */
  digits?: number;
  target?: Target;
  stretch?: Target;
  note?: string;
};

/** A side-by-side table (ours against a baseline). */
export type Comparison = { columns: string[]; rows: (string | number)[][] };

export type Section = {
  id: string;
  title: string;
  /** How the figures were obtained, one sentence a line. */
  method: string[];
  figures: Figure[];
  comparison?: Comparison;
  /** Raw data for machines (results.json only). */
  details?: Record<string, unknown>;
};

export type Machine = {
  cpuModel: string;
  cpus: number;
  node: string;
  os: string;
  totalMemoryMb: number;
  loadAverageAtStart: number[];
};

export type BenchResults = {
  generatedAt: string;
  machine: Machine;
  durationSeconds: number;
  sections: Section[];
};

/** Whether a value meets a target; undefined when there is no numeric value to compare. */
export function meets(value: Figure['value'], target: Target): boolean | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  if (target.op === '<=') return value <= target.value;
  if (target.op === '>=') return value >= target.value;
  return value === target.value;
}

/** The figure's verdict against its (non-stretch) target. */
export function verdictOf(figure: Figure): 'met' | 'missed' | 'n/a' {
  if (figure.target === undefined) return 'n/a';
  const met = meets(figure.value, figure.target);
  return met === undefined ? 'n/a' : met ? 'met' : 'missed';
}

/** Prints a number with thousands separators and the figure's decimals. */
export function formatNumber(value: number, digits?: number): string {
  const decimals = digits ?? (Number.isInteger(value) ? 0 : 2);
  return value.toLocaleString('en-US', {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  });
}

/** The value with its unit, or `—` when missing. */
export function formatValue(figure: Figure): string {
  const { value, unit } = figure;
  if (value === undefined) return '—';
  const text = typeof value === 'number' ? formatNumber(value, figure.digits) : value;
  return unit === undefined ? text : `${text} ${unit}`;
}

const opSymbols: Record<Target['op'], string> = { '<=': '≤', '>=': '≥', '==': '=' };

/** `≤ 340 KB`, with the stretch target after it when there is one. */
export function formatTarget(figure: Figure): string {
  const unit = figure.unit === undefined ? '' : ` ${figure.unit}`;
  const one = (target: Target) =>
    `${opSymbols[target.op]} ${formatNumber(target.value, figure.digits)}${unit}`;
  const parts = [
    figure.target && one(figure.target),
    figure.stretch && `stretch ${one(figure.stretch)}`,
  ];
  return parts.filter((part) => part !== undefined).join(', ') || '—';
}

/** Every figure that missed its target, as `section: figure`. */
export function listMissed(sections: readonly Section[]): string[] {
  return sections.flatMap((section) =>
    section.figures
      .filter((figure) => verdictOf(figure) === 'missed')
      .map(
        (figure) =>
          `${section.title}: ${figure.name} (${formatValue(figure)} vs ${formatTarget(figure)})`,
      ),
  );
}

/** Median and 90th percentile (nearest rank) of a sample. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1];
}

/** Rounds to a number of decimals (for ratios kept as numbers in results.json). */
export function round(value: number, decimals = 2): number {
  const scale = 10 ** decimals;
  return Math.round(value * scale) / scale;
}

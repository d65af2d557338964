/** The p-th percentile (0–100) of a list of numbers, nearest-rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

export const round = (n: number, digits = 2): number => Math.round(n * 10 ** digits) / 10 ** digits;

export interface TBenchResult {
  name: string;
  what: string;
  figure: number;
  unit: string;
  baseline: number | null;
  /** figure ÷ baseline; for throughput (higher is better) this is how much of the baseline we reach. */
  ratio: number | null;
  target: string;
  meetsTarget: boolean | null;
  details: Record<string, number | string | boolean>;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentiles in milliseconds, rounded to 0.1 ms. */
export function percentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => {
    if (sorted.length === 0) return 0;
    const rank = Math.max(0, Math.ceil((p / 100) * sorted.length) - 1);
    return Math.round(sorted[rank]! * 10) / 10;
  };
  return { p50: at(50), p95: at(95), p99: at(99), max: at(100) };
}

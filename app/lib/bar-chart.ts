/** Geometry of a grouped bar chart, computed once on the server and drawn as inline SVG. */

export interface ChartSeries {
  key: string;
  label: string;
  values: readonly number[];
}

export interface ChartBar {
  group: number;
  series: number;
  value: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface ChartLayout {
  width: number;
  height: number;
  /** where the plot area starts and ends (room for labels) */
  top: number;
  bottom: number;
  left: number;
  max: number;
  bars: ChartBar[];
  /** x of each group's centre, for its label */
  groupCentres: number[];
  /** y of the gridlines with their values */
  ticks: { y: number; value: number }[];
}

/** A "nice" upper bound for the axis: 1, 2 or 5 times a power of ten. */
export function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

export function barChartLayout(groupCount: number, series: readonly ChartSeries[], size = { width: 640, height: 280 }): ChartLayout {
  const top = 16;
  const bottom = size.height - 40;
  const left = 40;
  const right = size.width - 8;
  const max = niceMax(Math.max(0, ...series.flatMap((s) => s.values)));
  const groupWidth = (right - left) / Math.max(1, groupCount);
  const barWidth = Math.max(4, (groupWidth * 0.8) / Math.max(1, series.length));
  const scale = (v: number) => ((bottom - top) * v) / max;
  const bars: ChartBar[] = [];
  for (let g = 0; g < groupCount; g++) {
    const start = left + g * groupWidth + groupWidth * 0.1;
    series.forEach((s, i) => {
      const value = s.values[g] ?? 0;
      const height = scale(value);
      bars.push({ group: g, series: i, value, x: round(start + i * barWidth), y: round(bottom - height), width: round(barWidth - 2), height: round(height) });
    });
  }
  const ticks = [0, 0.5, 1].map((f) => ({ y: round(bottom - (bottom - top) * f), value: max * f }));
  return { width: size.width, height: size.height, top, bottom, left, max, bars, groupCentres: Array.from({ length: groupCount }, (_, g) => round(left + g * groupWidth + groupWidth / 2)), ticks };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

// Every bench figure is printed beside a baseline measured in the same run, with the ratio,
// because this machine is shared and absolute numbers drift between runs.

export interface BenchRow {
  /** What was measured, e.g. "TCP bulk 1 GiB, capture on". */
  name: string
  value: number
  baseline: number
  unit: string
  /** Name of the baseline, e.g. "plain Node net". */
  baselineName: string
  /** Whether higher values are better (throughput) or lower (latency, memory). */
  higherIsBetter: boolean
  /** Optional target, checked and printed as ok/MISS, e.g. { ratio: 0.8 } or { value: 400, unit: 'MB' }. */
  target?: { ratioAtLeast?: number; ratioAtMost?: number; valueAtLeast?: number; valueAtMost?: number }
}

export interface BenchSuite {
  name: string
  run(): Promise<BenchRow[]>
}

function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n)
  const abs = Math.abs(n)
  if (abs >= 1000) return n.toFixed(0)
  if (abs >= 10) return n.toFixed(1)
  return n.toFixed(3)
}

export function targetMet(row: BenchRow): boolean | undefined {
  const t = row.target
  if (!t) return undefined
  const ratio = row.value / row.baseline
  if (t.ratioAtLeast !== undefined && !(ratio >= t.ratioAtLeast)) return false
  if (t.ratioAtMost !== undefined && !(ratio <= t.ratioAtMost)) return false
  if (t.valueAtLeast !== undefined && !(row.value >= t.valueAtLeast)) return false
  if (t.valueAtMost !== undefined && !(row.value <= t.valueAtMost)) return false
  return true
}

export function formatRow(row: BenchRow): string {
  const ratio = row.value / row.baseline
  const met = targetMet(row)
  const verdict = met === undefined ? '' : met ? '  ok' : '  MISS'
  const target = row.target
    ? `  target ${[
        row.target.ratioAtLeast !== undefined ? `ratio>=${row.target.ratioAtLeast}` : '',
        row.target.ratioAtMost !== undefined ? `ratio<=${row.target.ratioAtMost}` : '',
        row.target.valueAtLeast !== undefined ? `>=${row.target.valueAtLeast} ${row.unit}` : '',
        row.target.valueAtMost !== undefined ? `<=${row.target.valueAtMost} ${row.unit}` : ''
      ]
        .filter(Boolean)
        .join(' ')}`
    : ''
  return `${row.name}: ${fmt(row.value)} ${row.unit}  |  ${row.baselineName}: ${fmt(row.baseline)} ${row.unit}  |  ratio ${ratio.toFixed(2)}${target}${verdict}`
}

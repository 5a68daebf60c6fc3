// `socket-lab interfaces`: one line per address, loopback first, with what to give --join.
import { interfaceAddresses } from '../../main/engine/interfaces'

export function runInterfaces(o: { json?: boolean }): void {
  const list = interfaceAddresses()
  if (o.json) {
    for (const a of list) process.stdout.write(`${JSON.stringify(a)}\n`)
    return
  }
  const rows = list.map((a) => [a.name, a.family, a.cidr, a.internal ? 'internal' : 'external', `--join GROUP@${a.multicastInterface}`])
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => r[i]!.length))) ?? []
  for (const r of rows) process.stdout.write(`${r.map((cell, i) => (i < r.length - 1 ? cell.padEnd(widths[i]!) : cell)).join('  ')}\n`)
}

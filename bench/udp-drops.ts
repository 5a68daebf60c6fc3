// What the kernel threw away: the `drops` column of /proc/net/udp and /proc/net/udp6 counts the
// datagrams that arrived for a socket while its receive buffer was full. A bench that loses
// datagrams can then tell the kernel's drops (the reader was too slow or its buffer too small) from
// the sender's (it never sent them). Linux only; elsewhere the figure is unknown.
import { readFileSync } from 'node:fs'

/** Datagrams dropped so far by every UDP socket bound to `port`, or undefined off Linux. */
export function udpDrops(port: number): number | undefined {
  let total: number | undefined
  for (const table of ['/proc/net/udp', '/proc/net/udp6']) {
    let text: string
    try {
      text = readFileSync(table, 'utf8')
    } catch {
      continue
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/)
      const local = fields[1]
      if (!local) continue
      if (Number.parseInt(local.slice(local.lastIndexOf(':') + 1), 16) !== port) continue
      total = (total ?? 0) + Number(fields[fields.length - 1])
    }
  }
  return total
}

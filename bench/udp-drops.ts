// What the kernel threw away: the `drops` column of /proc/net/udp and /proc/net/udp6 counts the
// datagrams that arrived for a socket while its receive buffer was full. A bench that loses
// datagrams can then tell the kernel's drops (the reader was too slow or its buffer too small) from
// the sender's (it never sent them). Linux only; elsewhere the figure is unknown.
import { readUdpTable } from '../src/main/engine/udp-drops'

/** Datagrams dropped so far by every UDP socket bound to `port`, or undefined off Linux. */
export function udpDrops(port: number): number | undefined {
  const rows = readUdpTable()?.filter((r) => r.localPort === port)
  return rows === undefined || rows.length === 0 ? undefined : rows.reduce((sum, r) => sum + r.drops, 0)
}

// Datagrams the OS dropped for a socket because its receive buffer was full: the loss UDP allows,
// which no counter of the socket's own can see. Linux counts it per socket in the last column of
// /proc/net/udp and /proc/net/udp6, on the line of the socket's inode, which its descriptor names
// (/proc/self/fd/N links to socket:[INODE]). Elsewhere the count is unknown and stays untold.
//
// One timer reads both tables for every socket watched, so a hundred sockets cost one read a tick.
import type dgram from 'node:dgram'
import { readFileSync, readlinkSync } from 'node:fs'
import { descriptorOf } from './udp-handle'

/** How often the tables are read while a socket is watched. */
export const KERNEL_DROPS_POLL_MS = 1000

/** One UDP socket as the tables list it. */
export interface UdpTableRow {
  localPort: number
  inode: number
  drops: number
}

/** The inode of the socket open on descriptor `fd`, or undefined where /proc does not tell it. */
function socketInode(fd: number): number | undefined {
  try {
    const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`))
    return m ? Number(m[1]) : undefined
  } catch {
    return undefined
  }
}

/** Every UDP socket of the machine the tables list, or undefined where there are no tables. */
export function readUdpTable(): UdpTableRow[] | undefined {
  let rows: UdpTableRow[] | undefined
  for (const table of ['/proc/net/udp', '/proc/net/udp6']) {
    let text: string
    try {
      text = readFileSync(table, 'latin1')
    } catch {
      continue
    }
    rows ??= []
    // Columns: sl local remote st tx:rx tr:when retrnsmt uid timeout inode ref pointer drops.
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/)
      if (fields.length < 13) continue
      const local = fields[1]!
      rows.push({ localPort: Number.parseInt(local.slice(local.lastIndexOf(':') + 1), 16), inode: Number(fields[9]), drops: Number(fields[fields.length - 1]) })
    }
  }
  return rows
}

function dropsByInode(): Map<number, number> {
  return new Map((readUdpTable() ?? []).map((r) => [r.inode, r.drops]))
}

interface Watch {
  told: number
  changed(drops: number): void
}

const watched = new Map<number, Watch>()
let timer: NodeJS.Timeout | undefined

function poll(): void {
  const drops = dropsByInode()
  for (const [inode, w] of watched) {
    const now = drops.get(inode)
    if (now === undefined || now === w.told) continue
    w.told = now
    w.changed(now)
  }
}

/**
 * Watches a UDP socket: `changed` gets its drop count whenever that grows. Returns the count now
 * and a function that ends the watch, or undefined where the OS does not tell.
 */
export function watchUdpDrops(socket: dgram.Socket, changed: (drops: number) => void): { drops: number; stop(): void } | undefined {
  const fd = descriptorOf(socket)
  const inode = fd === undefined ? undefined : socketInode(fd)
  const drops = inode === undefined ? undefined : dropsByInode().get(inode)
  if (inode === undefined || drops === undefined) return undefined
  const w: Watch = { told: drops, changed }
  watched.set(inode, w)
  if (!timer) {
    timer = setInterval(poll, KERNEL_DROPS_POLL_MS)
    timer.unref()
  }
  return {
    drops,
    stop() {
      if (watched.get(inode) !== w) return
      watched.delete(inode)
      if (watched.size === 0 && timer) {
        clearInterval(timer)
        timer = undefined
      }
    }
  }
}

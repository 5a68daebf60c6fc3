// Datagrams the OS dropped for a socket because its receive buffer was full: the loss UDP allows,
// which no counter of the socket's own can see. Linux counts it per socket in the last column of
// /proc/net/udp and /proc/net/udp6, on the line of the socket's inode, which its descriptor names
// (/proc/self/fd/N links to socket:[INODE]). Elsewhere the count is unknown and stays untold.
import { readFileSync, readlinkSync } from 'node:fs'

/** The inode of the socket open on descriptor `fd`, or undefined where /proc does not tell it. */
export function socketInode(fd: number): number | undefined {
  try {
    const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`))
    return m ? Number(m[1]) : undefined
  } catch {
    return undefined
  }
}

/** Datagrams dropped so far by the UDP socket with this inode, or undefined if none is listed. */
export function udpDrops(inode: number): number | undefined {
  const wanted = String(inode)
  for (const table of ['/proc/net/udp', '/proc/net/udp6']) {
    let text: string
    try {
      text = readFileSync(table, 'latin1')
    } catch {
      continue
    }
    // Columns: sl local remote st tx:rx tr:when retrnsmt uid timeout inode ref pointer drops.
    for (const line of text.split('\n')) {
      const fields = line.trim().split(/\s+/)
      if (fields[9] === wanted && fields.length >= 13) return Number(fields[fields.length - 1])
    }
  }
  return undefined
}

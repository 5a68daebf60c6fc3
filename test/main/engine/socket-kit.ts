// Loopback sockets for the relay tests, each undone by the test's cleanup list: a server that
// listens (and destroys what it took when cleaned up), a client that connects, and what a socket
// receives and how it ended.
import net from 'node:net'

export type Cleanups = (() => Promise<void> | void)[]

/** Listens; on cleanup every connection it took is destroyed, then it closes. The connections taken. */
export async function listenFor(cleanups: Cleanups, server: net.Server, at: net.ListenOptions): Promise<net.Socket[]> {
  const taken: net.Socket[] = []
  server.on('connection', (s: net.Socket) => taken.push(s))
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(at, () => resolve())
  })
  cleanups.push(() => {
    taken.forEach((s) => s.destroy())
    return new Promise<void>((r) => server.close(() => r()))
  })
  return taken
}

/** A half-open-capable client on 127.0.0.1:port, once connected; destroyed on cleanup. */
export async function connectTo(cleanups: Cleanups, port: number, opts: { noDelay?: boolean } = {}): Promise<net.Socket> {
  const s = net.connect({ host: '127.0.0.1', port, allowHalfOpen: true })
  if (opts.noDelay) s.setNoDelay(true)
  cleanups.push(() => void s.destroy())
  await new Promise<void>((resolve, reject) => {
    s.once('connect', () => resolve())
    s.once('error', reject)
  })
  return s
}

/** What a socket receives, and how it ended: 'end' (FIN), the error code, or 'close'. */
export function collect(s: net.Socket): { chunks: Buffer[]; bytes: () => number; ended: Promise<string> } {
  const chunks: Buffer[] = []
  let n = 0
  const ended = new Promise<string>((resolve) => {
    s.on('data', (c: Buffer) => {
      chunks.push(c)
      n += c.length
    })
    s.on('end', () => resolve('end'))
    s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'))
    s.on('close', () => resolve('close'))
  })
  return { chunks, bytes: () => n, ended }
}

export const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

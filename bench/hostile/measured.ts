// One hostile-peer scenario in a process of its own (bundled, in plain Node), so its memory figures
// are its own: either the engine or a plain Node socket doing what a naive tool does, against a peer
// in the same process that never reads (a paused socket holds nothing in this process; what it does
// not read stays in the kernel).
//
// argv: scenario side. Prints one JSON line with the figures and exits.
//   sends:   128 sends of 4 MiB, each a fresh buffer as a request brings it, to a TCP peer that
//            never reads. The plain side writes them all, as Node lets it.
//   amplify: a line-framed server with a fixed 16 KiB reply gets 16 KiB of "\n" (one write, 16k
//            lines) from a client that never reads. The plain side answers every line at once.
import net from 'node:net'
import { createEngine } from '../../src/main/engine'
import { FLOOD_LINES, REPLY_BYTES, SEND_BYTES, SENDS, type Scenario, type Side } from './scenarios'

const [scenario, side] = process.argv.slice(2) as [Scenario, Side]
const say = (obj: object): void => void process.stdout.write(JSON.stringify(obj) + '\n')
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/** Peak resident memory above where it started, sampled every 5 ms, in MB. */
function growthSampler(): () => number {
  const start = process.memoryUsage.rss()
  let peak = start
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 5)
  return () => {
    clearInterval(timer)
    return (Math.max(peak, process.memoryUsage.rss()) - start) / 1e6
  }
}

/**
 * Bytes this process's sockets hold that the kernel has not taken: what Node keeps queued for
 * them, whoever wrote it. The same measure for both sides.
 */
function queuedInNode(): number {
  const handles = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles()
  let n = 0
  for (const h of handles) if (h instanceof net.Socket && !(h as { _isStdio?: boolean })._isStdio) n += h.writableLength
  return n
}

/** Waits until the queued figure stops moving (the kernel took what it will), at most 10 s. */
async function settled(): Promise<number> {
  let last = -1
  for (let i = 0; i < 200; i++) {
    await sleep(50)
    const q = queuedInNode()
    if (q === last) return q
    last = q
  }
  return last
}

/** A server whose accepted sockets never read; the list keeps them from being collected. */
async function deafServer(): Promise<{ port: number; close(): void }> {
  const held: net.Socket[] = []
  const server = net.createServer({ pauseOnConnect: true }, (s) => {
    held.push(s)
    s.on('error', () => {})
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () => {
      for (const s of held) s.destroy()
      server.close()
    }
  }
}

async function sends(): Promise<object> {
  const deaf = await deafServer()
  let accepted = 0
  let refused = 0
  let firstRefusal: string | undefined
  let counted = 0
  const growth = growthSampler()
  if (side === 'plain') {
    const s = net.connect(deaf.port, '127.0.0.1')
    s.on('error', () => {})
    await new Promise((r) => s.once('connect', r))
    for (let i = 0; i < SENDS; i++) {
      s.write(new Uint8Array(SEND_BYTES).fill(i))
      accepted++
      await sleep(0)
    }
  } else {
    const engine = createEngine()
    engine.subscribe({ deliver: () => {}, isOpen: () => true, autoAck: true })
    const ep = await engine.open({ kind: 'tcp-client', host: '127.0.0.1', port: deaf.port })
    for (let i = 0; i < SENDS; i++) {
      try {
        await engine.send(ep.id, undefined, new Uint8Array(SEND_BYTES).fill(i))
        accepted++
      } catch (err) {
        refused++
        firstRefusal ??= (err as Error).message
      }
      await sleep(0)
    }
    counted = engine.get(ep.id).counters.bytesOut
  }
  const queued = await settled()
  return { growthMB: growth(), queued, accepted, refused, counted, ...(firstRefusal ? { firstRefusal } : {}) }
}

async function amplify(): Promise<object> {
  const reply = new Uint8Array(REPLY_BYTES).fill(0x41)
  let port: number
  let pendingOut = (): number => 0
  const growth = growthSampler()
  if (side === 'plain') {
    const server = net.createServer((s) => {
      s.on('error', () => {})
      s.on('data', (chunk: Buffer) => {
        for (const b of chunk) if (b === 0x0a) s.write(Buffer.concat([reply, Buffer.from('\n')]))
      })
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
    port = (server.address() as net.AddressInfo).port
  } else {
    const engine = createEngine()
    engine.subscribe({ deliver: () => {}, isOpen: () => true, autoAck: true })
    const ep = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0, framing: 'line', autoReply: { mode: 'fixed', bytes: reply } })
    port = (ep.local as { port: number }).port
    pendingOut = () => engine.peers(ep.id).reduce((n, p) => n + (p.pendingOut ?? 0), 0)
  }
  const attacker = net.connect({ port, host: '127.0.0.1' })
  attacker.on('error', () => {})
  await new Promise((r) => attacker.once('connect', r))
  attacker.pause()
  attacker.write(new Uint8Array(FLOOD_LINES).fill(0x0a))
  const queued = await settled()
  return { growthMB: growth(), queued, pendingOut: pendingOut() }
}

async function main(): Promise<void> {
  say(scenario === 'sends' ? await sends() : await amplify())
  process.exit(0)
}

main().catch((err: unknown) => {
  process.stderr.write(String(err instanceof Error ? err.stack : err) + '\n')
  process.exit(1)
})

// The engine's TCP relay as the measured process of the relay bench: capture on (or off with a
// second argument 'nocapture'), a quiet subscriber as the window would be. Prints {port} once
// listening; "stop" on stdin ends it.
import { createInterface } from 'node:readline'
import { createEngine } from '../../src/main/engine'

async function main(): Promise<void> {
  const upstreamPort = Number(process.argv[2])
  const engine = createEngine({ capture: process.argv[3] !== 'nocapture' })
  engine.subscribe({ deliver: () => {}, isOpen: () => true, autoAck: true, dataEvents: false })
  const info = await engine.open({ kind: 'tcp-relay', host: '127.0.0.1', port: 0, upstream: { host: '127.0.0.1', port: upstreamPort } })
  const local = info.local as { port: number }
  process.stdout.write(JSON.stringify({ port: local.port }) + '\n')
  for await (const line of createInterface({ input: process.stdin })) if (line === 'stop') break
  await engine.closeAll()
  process.exit(0)
}

main().catch((err: unknown) => {
  process.stderr.write(String(err instanceof Error ? err.stack : err) + '\n')
  process.exit(1)
})

import { existsSync, writeFileSync } from 'node:fs'
import net from 'node:net'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createEngine, type Engine } from '../../../src/main/engine'
import { decode, record, rejection, tempDir, text, waitFor } from './helpers'

let engine: Engine
let dir: Awaited<ReturnType<typeof tempDir>>

beforeEach(async () => {
  dir = await tempDir()
})

afterEach(async () => {
  await engine.closeAll()
  await dir.remove()
})

// Windows has named pipes instead of socket files: these tests need a POSIX file system.
if (process.platform === 'win32') console.log('Skipping the Unix-domain endpoint tests: they need socket files, which Windows does not have.')
describe.skipIf(process.platform === 'win32')('Unix-domain endpoints (socket files; not on Windows)', () => {
  it('echoes through a Unix server and client in a temp dir, then removes the socket file', async () => {
    engine = createEngine()
    const rec = record(engine)
    const path = join(dir.path, 'lab.sock')
    const server = await engine.open({ kind: 'unix-server', path, responder: { kind: 'echo' } })
    expect(server.local).toEqual({ path })
    const client = await engine.open({ kind: 'unix-client', path })
    await engine.send(client.id, undefined, text('over unix'))
    await waitFor(() => engine.get(client.id).counters.bytesIn === 9, 'the echo')
    expect(decode(engine.readChunk(client.id, 1).bytes)).toBe('over unix')
    expect(engine.peers(server.id)[0]!.remote).toEqual({ path: '#1' })
    await engine.close(client.id)
    await waitFor(() => rec.of('peer-close').some((e) => e.peer.endpointId === server.id), 'server peer closed')
    await engine.close(server.id)
    expect(existsSync(path)).toBe(false)
  })

  it('reports ENOENT for a path where no socket exists', async () => {
    engine = createEngine()
    const err = await rejection(engine.open({ kind: 'unix-client', path: join(dir.path, 'missing.sock') }))
    expect(err.code).toBe('ENOENT')
    expect(err.hint).toMatch(/Unix server/)
  })

  it('says a path is no socket at all when it names a file or a folder, not that nothing listens there', async () => {
    engine = createEngine()
    const file = join(dir.path, 'notes.txt')
    writeFileSync(file, 'not a socket')
    for (const path of [file, dir.path, join(file, 'under.sock')]) {
      const err = await rejection(engine.open({ kind: 'unix-client', path }))
      expect(['ECONNREFUSED', 'ENOTDIR']).toContain(err.code)
      expect(err.hintId).toBe('notASocketUnix')
      expect(err.hint).toContain(path)
    }
  })

  it('names a stale socket file and removes it only when asked', async () => {
    engine = createEngine()
    const path = join(dir.path, 'stale.sock')
    // A server that dies leaves its socket file behind.
    const leftover = net.createServer()
    await new Promise<void>((r) => leftover.listen(path, () => r()))
    await stopWithoutUnlink(leftover, path)
    expect(existsSync(path)).toBe(true)

    const err = await rejection(engine.open({ kind: 'unix-server', path }))
    expect(err.code).toBe('ESTALE')
    expect(err.hint).toMatch(/Remove a stale socket file/)
    expect(err.hint).toMatch(/--remove-stale/)
    expect(existsSync(path)).toBe(true)

    const server = await engine.open({ kind: 'unix-server', path, removeStale: true })
    expect(server.state).toBe('listening')
    const client = await engine.open({ kind: 'unix-client', path })
    expect(client.state).toBe('connected')
  })

  it('says EADDRINUSE, not stale, when a server answers on the path', async () => {
    engine = createEngine()
    const path = join(dir.path, 'busy.sock')
    await engine.open({ kind: 'unix-server', path, name: 'busy' })
    const err = await rejection(engine.open({ kind: 'unix-server', path, removeStale: true }))
    expect(err.code).toBe('EADDRINUSE')
    expect(err.hint).toMatch(/"busy"/)
  })
})

/**
 * libuv unlinks the socket file when a listening pipe closes, so a crashed server is imitated by
 * renaming the file away before the close and putting it back after.
 */
async function stopWithoutUnlink(server: net.Server, path: string): Promise<void> {
  const { rename } = await import('node:fs/promises')
  const aside = `${path}.aside`
  await rename(path, aside)
  await new Promise((r) => server.close(r))
  await rename(aside, path)
}

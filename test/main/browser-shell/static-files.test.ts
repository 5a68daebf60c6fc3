// The renderer's files, served to a client that leaves halfway, or from a file that cannot be read:
// the file is closed either way and the shell stays up. Open files are counted in /proc/self/fd.
import { readdirSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rawExchange } from './raw-http'
import { APP_MARKER, get, openSession, startShell, type ShellUnderTest } from './shell-fixture'

const BIG_BYTES = 8 * 1024 * 1024

function openFdsOn(path: string): number {
  let count = 0
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`) === path) count++
    } catch {
      // Closed between the listing and the look.
    }
  }
  return count
}

/** Asks for the file, reads the first bytes of the answer, then resets the connection. */
function leaveMidFile(port: number, path: string, cookie: string): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nCookie: ${cookie}\r\n\r\n`))
    socket.once('data', () => socket.resetAndDestroy())
    socket.on('error', () => undefined)
    socket.on('close', () => resolve())
  })
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 10))
  if (!condition()) throw new Error(`still not ${what}`)
}

describe.skipIf(process.platform !== 'linux')('browser shell static files (reads /proc; Linux only)', () => {
  let t: ShellUnderTest
  let cookie: string
  let big: string

  beforeAll(async () => {
    t = await startShell()
    big = join(t.dir, 'big.js')
    writeFileSync(big, Buffer.alloc(BIG_BYTES, 0x61))
    // stat() calls it a file of 0 bytes, and every read of it fails (EIO).
    symlinkSync('/proc/self/mem', join(t.dir, 'unreadable.js'))
    cookie = await openSession(t.shell)
  })

  afterAll(async () => {
    await t.stop()
  })

  it('closes the file when the client leaves halfway', async () => {
    for (let i = 0; i < 20; i++) await leaveMidFile(t.shell.port, '/big.js', cookie)
    await until(() => openFdsOn(big) === 0, 'closed')
    expect(openFdsOn(big)).toBe(0)
    expect((await get(t.shell.port, '/', { Cookie: cookie })).body).toContain(APP_MARKER)
  })

  it('serves the whole file to a client that stays', async () => {
    const reply = await get(t.shell.port, '/big.js', { Cookie: cookie })
    expect(reply.status).toBe(200)
    expect(reply.body.length).toBe(BIG_BYTES)
  })

  it('closes the connection when a file fails to read, and stays up', async () => {
    const reply = await rawExchange(t.shell.port, `GET /unreadable.js HTTP/1.1\r\nHost: 127.0.0.1:${t.shell.port}\r\nCookie: ${cookie}\r\n\r\n`, { untilClose: true })
    expect(reply.timedOut).toBe(false)
    expect(reply.closed).toBe(true)
    expect((await get(t.shell.port, '/', { Cookie: cookie })).body).toContain(APP_MARKER)
  })
})

// Exit codes and messages: 2 for a usage error, 1 for a runtime error, each with a hint.
import { createServer } from 'node:net'
import { beforeAll, describe, expect, it } from 'vitest'
import { assertBuilt, runCli } from './run-cli'

async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as { port: number }).port
  await new Promise((r) => server.close(r))
  return port
}

describe('socket-lab errors', () => {
  beforeAll(assertBuilt)

  it('bad hex is a usage error that names the character and its position', async () => {
    const r = await runCli(['send', 'tcp', '127.0.0.1:9', '-x', 'de ad bg ef'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/'g'/)
    expect(r.stderr).toMatch(/position/)
    expect(r.stderr).toMatch(/hint:/)
  })

  it('a bad address is a usage error', async () => {
    for (const target of ['127.0.0.1', '127.0.0.1:70000', '::1:80', 'bad host!:80']) {
      const r = await runCli(['send', 'tcp', target, 'x'])
      expect(r.code, target).toBe(2)
      expect(r.stderr, target).toMatch(/hint:/)
    }
  })

  it('an unknown flag or framing is a usage error', async () => {
    expect((await runCli(['send', 'tcp', '127.0.0.1:9', 'x', '--frobnicate'])).code).toBe(2)
    const r = await runCli(['listen', 'tcp', '0', '--framing', 'len:3'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/hint:/)
  })

  it('a refused connection is a runtime error with its hint', async () => {
    const port = await closedPort()
    const r = await runCli(['send', 'tcp', `127.0.0.1:${port}`, 'hello'])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/ECONNREFUSED/)
    expect(r.stderr).toMatch(/hint: .+/)
  })

  it('a datagram over 65507 bytes is refused with EMSGSIZE', async () => {
    const port = await closedPort()
    const r = await runCli(['send', 'udp', `127.0.0.1:${port}`, '-x', 'ab'.repeat(65508)])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/EMSGSIZE/)
    expect(r.stderr).toMatch(/65507/)
  })
})

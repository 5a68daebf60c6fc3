// Whatever bytes arrive, the browser shell answers with a status code or closes the socket, and it
// stays up: after every malformed request below, the same shell still serves a good one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rawExchange, type RawOptions } from './raw-http'
import { APP_MARKER, openSession, startShell, type ShellUnderTest } from './shell-fixture'

interface Context {
  port: number
  token: string
  /** `name=value` of a valid session cookie. */
  cookie: string
  host: string
}

interface Case {
  name: string
  bytes: (c: Context) => string | Uint8Array
  /** The status codes that are a right answer; 'closed' when closing without one is right too. */
  answers: (number | 'closed')[]
  options?: (c: Context) => RawOptions
}

const KEY = 'dGhlIHNhbXBsZSBub25jZQ=='
const upgradeHeaders = (c: Context, key: string | null = KEY): string =>
  `Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n${key === null ? '' : `Sec-WebSocket-Key: ${key}\r\n`}Origin: http://${c.host}\r\n`

const get = (target: string, extra = ''): ((c: Context) => string) => (c) =>
  `GET ${target} HTTP/1.1\r\nHost: ${c.host}\r\nCookie: ${c.cookie}\r\n${extra}\r\n`

const upgrade = (target: string, extra = ''): ((c: Context) => string) => (c) =>
  `GET ${target} HTTP/1.1\r\nHost: ${c.host}\r\nCookie: ${c.cookie}\r\n${upgradeHeaders(c)}${extra}\r\n`

const REFUSED = [400, 403, 404, 'closed'] as const

const cases: Case[] = [
  // A malformed cookie value: percent-decoding it threw and ended the process.
  ...['%E0%A4%A', '%', '%zz', '\u00ff\u00fe'].map((value): Case => ({
    name: `cookie value ${JSON.stringify(value)}`,
    bytes: (c) => `GET / HTTP/1.1\r\nHost: ${c.host}\r\nCookie: socket_lab_${c.port}=${value}\r\n\r\n`,
    answers: [403]
  })),
  {
    name: 'malformed cookie value on an upgrade',
    bytes: (c) => `GET /api HTTP/1.1\r\nHost: ${c.host}\r\nCookie: socket_lab_${c.port}=%E0%A4%A\r\n${upgradeHeaders(c)}\r\n`,
    answers: [403]
  },
  // Targets `new URL(target, base)` throws on, or reads as a host: any web page can send these.
  ...['//', '///', '/\\', '//[', '//:80', '//evil.example/', '/%', '/%E0%A4%A', '/..%2f..%2fetc%2fpasswd'].flatMap((target): Case[] => [
    { name: `GET ${target}`, bytes: get(target), answers: [...REFUSED] },
    { name: `GET ${target} without a session`, bytes: (c) => `GET ${target} HTTP/1.1\r\nHost: ${c.host}\r\n\r\n`, answers: [400, 403, 'closed'] },
    { name: `upgrade to ${target}`, bytes: upgrade(target), answers: [...REFUSED] },
    { name: `token exchange at ${target}`, bytes: (c) => `GET ${target}?token=${c.token} HTTP/1.1\r\nHost: ${c.host}\r\n\r\n`, answers: [302, 400, 403, 'closed'] }
  ]),
  { name: 'token with a malformed escape', bytes: (c) => `GET /?token=%E0%A4%A HTTP/1.1\r\nHost: ${c.host}\r\n\r\n`, answers: [403] },
  { name: 'token followed by a DEL and a high byte', bytes: (c) => `GET /\x7f\xff?token=${c.token} HTTP/1.1\r\nHost: ${c.host}\r\n\r\n`, answers: [302, 400, 403, 'closed'] },
  // Methods.
  { name: 'unknown method', bytes: (c) => `FROB / HTTP/1.1\r\nHost: ${c.host}\r\nCookie: ${c.cookie}\r\n\r\n`, answers: [400, 403, 405, 'closed'] },
  { name: 'lower-case method', bytes: (c) => `get / HTTP/1.1\r\nHost: ${c.host}\r\nCookie: ${c.cookie}\r\n\r\n`, answers: [400, 403, 405, 'closed'] },
  { name: 'POST with a body', bytes: (c) => `POST / HTTP/1.1\r\nHost: ${c.host}\r\nCookie: ${c.cookie}\r\nContent-Length: 5\r\n\r\nhello`, answers: [403, 405] },
  { name: 'DELETE', bytes: (c) => `DELETE / HTTP/1.1\r\nHost: ${c.host}\r\nCookie: ${c.cookie}\r\n\r\n`, answers: [403, 405] },
  { name: 'OPTIONS *', bytes: (c) => `OPTIONS * HTTP/1.1\r\nHost: ${c.host}\r\nCookie: ${c.cookie}\r\n\r\n`, answers: [400, 403, 405] },
  { name: 'TRACE', bytes: (c) => `TRACE / HTTP/1.1\r\nHost: ${c.host}\r\nCookie: ${c.cookie}\r\n\r\n`, answers: [400, 403, 405] },
  { name: 'CONNECT to another port', bytes: () => `CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: 127.0.0.1:22\r\n\r\n`, answers: [400, 403, 405, 'closed'] },
  { name: 'method with a NUL', bytes: (c) => `G\0ET / HTTP/1.1\r\nHost: ${c.host}\r\n\r\n`, answers: [400, 'closed'] },
  // Sizes.
  { name: 'a 20 KiB header', bytes: get('/', `X-Big: ${'a'.repeat(20_000)}\r\n`), answers: [400, 431, 'closed'] },
  { name: '3000 headers', bytes: get('/', 'X-N: v\r\n'.repeat(3000)), answers: [200, 400, 431, 'closed'] },
  { name: 'a 20 KiB target', bytes: get(`/${'a'.repeat(20_000)}`), answers: [400, 414, 431, 'closed'] },
  { name: 'a 20 KiB cookie header', bytes: get('/', `Cookie: ${'a=b; '.repeat(4000)}\r\n`), answers: [400, 431, 'closed'] },
  // NUL and control bytes.
  { name: 'NUL in the target', bytes: get('/\0'), answers: [400, 'closed'] },
  { name: 'NUL in a header value', bytes: get('/', 'X-A: a\0b\r\n'), answers: [400, 'closed'] },
  { name: 'NUL in the cookie', bytes: (c) => `GET / HTTP/1.1\r\nHost: ${c.host}\r\nCookie: ${c.cookie}\0\r\n\r\n`, answers: [400, 403, 'closed'] },
  { name: 'control byte in the target', bytes: get('/\x01'), answers: [400, 404, 'closed'] },
  { name: 'high bytes in the target', bytes: get('/\x80\xfe\xff'), answers: [400, 404, 'closed'] },
  { name: 'space in a header name', bytes: get('/', 'Bad Header: x\r\n'), answers: [400, 'closed'] },
  { name: 'folded header line', bytes: get('/', 'X-A: a\r\n folded\r\n'), answers: [200, 400, 'closed'] },
  // Absolute form: a proxy request, never a browser's request to us.
  { name: 'absolute-form target', bytes: (c) => `GET http://${c.host}/ HTTP/1.1\r\nHost: ${c.host}\r\nCookie: ${c.cookie}\r\n\r\n`, answers: [400] },
  { name: 'absolute-form target carrying the token', bytes: (c) => `GET http://${c.host}/?token=${c.token} HTTP/1.1\r\nHost: ${c.host}\r\n\r\n`, answers: [400] },
  { name: 'absolute-form target elsewhere', bytes: (c) => `GET http://evil.example/ HTTP/1.1\r\nHost: evil.example\r\nCookie: ${c.cookie}\r\n\r\n`, answers: [400, 403] },
  { name: 'absolute-form upgrade', bytes: (c) => `GET http://${c.host}/api HTTP/1.1\r\nHost: ${c.host}\r\nCookie: ${c.cookie}\r\n${upgradeHeaders(c)}\r\n`, answers: [400, 403] },
  // Host headers.
  { name: 'no Host header', bytes: (c) => `GET / HTTP/1.1\r\nCookie: ${c.cookie}\r\n\r\n`, answers: [400, 403] },
  { name: 'HTTP/1.0 without a Host', bytes: (c) => `GET / HTTP/1.0\r\nCookie: ${c.cookie}\r\n\r\n`, answers: [400, 403, 'closed'] },
  { name: 'empty Host', bytes: (c) => `GET / HTTP/1.1\r\nHost: \r\nCookie: ${c.cookie}\r\n\r\n`, answers: [400, 403] },
  { name: 'foreign Host', bytes: (c) => `GET / HTTP/1.1\r\nHost: evil.example:${c.port}\r\nCookie: ${c.cookie}\r\n\r\n`, answers: [403] },
  { name: 'Host with userinfo', bytes: (c) => `GET / HTTP/1.1\r\nHost: ${c.host}@evil.example\r\nCookie: ${c.cookie}\r\n\r\n`, answers: [400, 403] },
  { name: 'foreign Host, then ours', bytes: (c) => `GET / HTTP/1.1\r\nHost: evil.example\r\nHost: ${c.host}\r\nCookie: ${c.cookie}\r\n\r\n`, answers: [400, 403] },
  { name: 'our Host, then a foreign one', bytes: (c) => `GET / HTTP/1.1\r\nHost: ${c.host}\r\nHost: evil.example\r\nCookie: ${c.cookie}\r\n\r\n`, answers: [400, 403] },
  { name: 'foreign Host on an upgrade', bytes: (c) => `GET /api HTTP/1.1\r\nHost: evil.example:${c.port}\r\nCookie: ${c.cookie}\r\n${upgradeHeaders(c)}\r\n`, answers: [403] },
  // Cookies.
  { name: 'a wrong session, then ours', bytes: (c) => `GET / HTTP/1.1\r\nHost: ${c.host}\r\nCookie: socket_lab_${c.port}=bad; ${c.cookie}\r\n\r\n`, answers: [200] },
  { name: 'two wrong sessions', bytes: (c) => `GET / HTTP/1.1\r\nHost: ${c.host}\r\nCookie: socket_lab_${c.port}=bad; socket_lab_${c.port}=worse\r\n\r\n`, answers: [403] },
  { name: 'two Cookie headers', bytes: (c) => `GET / HTTP/1.1\r\nHost: ${c.host}\r\nCookie: a=b\r\nCookie: ${c.cookie}\r\n\r\n`, answers: [200, 403] },
  { name: 'cookie without a value', bytes: (c) => `GET / HTTP/1.1\r\nHost: ${c.host}\r\nCookie: socket_lab_${c.port}; =; ;;\r\n\r\n`, answers: [403] },
  // Upgrades a WebSocket server must refuse.
  { name: 'upgrade with a bad key', bytes: (c) => `GET /api HTTP/1.1\r\nHost: ${c.host}\r\nCookie: ${c.cookie}\r\n${upgradeHeaders(c, 'not a key')}\r\n`, answers: [400] },
  { name: 'upgrade without a key', bytes: (c) => `GET /api HTTP/1.1\r\nHost: ${c.host}\r\nCookie: ${c.cookie}\r\n${upgradeHeaders(c, null)}\r\n`, answers: [400] },
  { name: 'a good upgrade, for contrast', bytes: upgrade('/api'), answers: [101] },
  {
    name: 'upgrade with version 7',
    bytes: (c) => upgrade('/api')(c).replace('Sec-WebSocket-Version: 13', 'Sec-WebSocket-Version: 7'),
    answers: [400, 426]
  },
  { name: 'upgrade to something else', bytes: (c) => upgrade('/api')(c).replace('Upgrade: websocket', 'Upgrade: h2c'), answers: [400, 403] },
  { name: 'upgrade with POST', bytes: (c) => upgrade('/api')(c).replace(/^GET/, 'POST'), answers: [400, 403, 405] },
  { name: 'upgrade from another Origin', bytes: (c) => upgrade('/api')(c).replace(`Origin: http://${c.host}`, 'Origin: http://evil.example'), answers: [403] },
  { name: 'upgrade from Origin null', bytes: (c) => upgrade('/api')(c).replace(`Origin: http://${c.host}`, 'Origin: null'), answers: [403] },
  { name: 'upgrade without a session', bytes: (c) => upgrade('/api')(c).replace(`Cookie: ${c.cookie}\r\n`, ''), answers: [403] },
  // Not HTTP/1.1 at all.
  { name: 'HTTP/0.9', bytes: () => 'GET /\r\n\r\n', answers: [400, 403, 'closed'] },
  { name: 'HTTP/2 preface', bytes: () => 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', answers: [400, 505, 'closed'] },
  { name: 'HTTP/3.0', bytes: (c) => `GET / HTTP/3.0\r\nHost: ${c.host}\r\n\r\n`, answers: [400, 505, 'closed'] },
  { name: 'a TLS ClientHello', bytes: () => new Uint8Array([0x16, 0x03, 0x01, 0x00, 0xa5, 0x01, 0x00, 0x00, 0xa1, 0x03, 0x03, ...new Array(64).fill(0x41)]), answers: [400, 'closed'] },
  { name: 'random binary', bytes: () => new Uint8Array(Array.from({ length: 512 }, (_, i) => (i * 7919 + 13) & 0xff)), answers: [400, 'closed'] },
  { name: 'a lone NUL', bytes: () => '\0', answers: [400, 'closed'] },
  { name: 'only blank lines, never a request', bytes: () => '\r\n\r\n\r\n', answers: [400, 408, 'closed'], options: () => ({ waitMs: 15_000 }) },
  { name: 'headers never finished', bytes: (c) => `GET / HTTP/1.1\r\nHost: ${c.host}\r\nX-A: `, answers: [408, 'closed'], options: () => ({ waitMs: 15_000 }) },
  // Smuggling shapes.
  {
    name: 'Content-Length and Transfer-Encoding together',
    bytes: (c) => `POST / HTTP/1.1\r\nHost: ${c.host}\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
    answers: [400, 'closed']
  },
  { name: 'two Content-Lengths', bytes: (c) => `POST / HTTP/1.1\r\nHost: ${c.host}\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab`, answers: [400, 'closed'] },
  { name: 'a Content-Length too big for any number', bytes: get('/', 'Content-Length: 99999999999999999999999\r\n'), answers: [400, 'closed'] },
  // Worst chunking and timing.
  {
    name: 'a good request one byte at a time',
    bytes: get('/'),
    answers: [200],
    options: (c) => ({ chunks: [...get('/')(c)] })
  },
  { name: 'reset halfway through the headers', bytes: (c) => `GET / HTTP/1.1\r\nHost: ${c.host}\r\nCoo`, answers: ['closed'], options: () => ({ resetAfterWrite: true }) },
  { name: 'reset right after a refused upgrade', bytes: upgrade('/api', 'X-Junk: 1\r\n'), answers: ['closed'], options: () => ({ resetAfterWrite: true }) }
]

describe('browser shell under hostile requests', () => {
  let t: ShellUnderTest
  let c: Context

  beforeAll(async () => {
    // Short header timeouts, so the cases that never finish their headers end soon.
    t = await startShell({ limits: { headersTimeoutMs: 2000 } })
    c = { port: t.shell.port, token: t.shell.token, cookie: await openSession(t.shell), host: `127.0.0.1:${t.shell.port}` }
  })

  afterAll(async () => {
    await t.stop()
  })

  const answersAGoodRequest = async (): Promise<void> => {
    const good = await rawExchange(c.port, get('/', 'Connection: close\r\n')(c))
    expect(good.status).toBe(200)
    expect(good.text).toContain(APP_MARKER)
  }

  it.each(cases.map((k) => [k.name, k] as const))('%s', async (_name, k) => {
    const reply = await rawExchange(c.port, k.bytes(c), k.options?.(c))
    expect(reply.timedOut, 'neither an answer nor a close').toBe(false)
    const answer = reply.status ?? 'closed'
    expect(k.answers, `answered ${reply.text.split('\r\n')[0]}`).toContain(answer)
    if (answer !== 200 && answer !== 101) expect(reply.text).not.toContain(APP_MARKER)
    await answersAGoodRequest()
  })

  it('survives hundreds of upgrades refused and reset at once', async () => {
    // An upgrade's socket is ours alone once the HTTP parser hands it over; without an error
    // listener of its own, one of these resets ended the process.
    for (let i = 0; i < 300; i++) {
      const withoutSession = upgrade('/api')(c).replace(`Cookie: ${c.cookie}\r\n`, '')
      await rawExchange(c.port, withoutSession, { resetAfterWrite: true })
    }
    await answersAGoodRequest()
  })
})

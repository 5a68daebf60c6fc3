// A TCP relay's upstream: TCP as configs have always said it, TLS with the TLS client's own
// options, or a Unix socket; mixtures refused with words that say which shapes there are. The UDP
// relay keeps host and port only.
import { describe, expect, it } from 'vitest'
import { issueRef } from '../../src/shared/messages/zod-issue'
import { upstreamLabel } from '../../src/shared/relay-upstream'
import { endpointConfig, streamUpstream } from '../../src/shared/schemas'
import { readWorkspaceFile, workspaceFileText } from '../../src/shared/workspace-file'

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n'
const relay = (upstream: unknown) => ({ kind: 'tcp-relay', host: '127.0.0.1', port: 0, upstream })

function refusal(upstream: unknown): { path: string; message: string } {
  const r = endpointConfig.safeParse(relay(upstream))
  if (r.success) throw new Error(`accepted ${JSON.stringify(upstream)}`)
  const issue = r.error.issues[0]!
  return { path: issue.path.join('.'), message: issue.message }
}

describe('a TCP relay upstream', () => {
  it('still takes a saved {host, port} exactly as it was, as plain TCP', () => {
    const r = endpointConfig.parse(relay({ host: '127.0.0.1', port: 8000 }))
    expect(r).toEqual(relay({ host: '127.0.0.1', port: 8000 }))
    expect(upstreamLabel({ host: '127.0.0.1', port: 8000 })).toBe('127.0.0.1:8000')
    expect(upstreamLabel({ host: '::1', port: 8000 })).toBe('[::1]:8000')
  })

  it('takes TLS options as a TLS client does, and a Unix path', () => {
    const tls = { host: 'localhost', port: 443, tls: { insecure: false, servername: 'example.com', ca: PEM, alpn: ['h2', 'http/1.1'] } }
    expect(streamUpstream.parse(tls)).toEqual(tls)
    expect(upstreamLabel(tls)).toBe('tls://localhost:443')
    expect(upstreamLabel({ host: '::1', port: 4433, tls: {} })).toBe('tls://[::1]:4433')
    expect(streamUpstream.parse({ path: '/tmp/up.sock' })).toEqual({ path: '/tmp/up.sock' })
    expect(upstreamLabel({ path: '/tmp/up.sock' })).toBe('unix:/tmp/up.sock')
  })

  it('refuses a mixture, or neither, saying which shapes there are', () => {
    expect(refusal({ host: '127.0.0.1', port: 1, path: '/tmp/a.sock' })).toEqual({ path: 'upstream', message: 'the upstream is either host and port (TCP or TLS) or path (a Unix socket), not both' })
    expect(refusal({ path: '/tmp/a.sock', tls: {} })).toEqual({ path: 'upstream', message: 'tls needs host and port: a Unix socket upstream is reached without TLS' })
    expect(refusal({ host: '127.0.0.1' }).message).toBe('the upstream needs host and port (TCP, or TLS with tls), or path (a Unix socket)')
    expect(refusal({}).message).toContain('host and port')
    expect(refusal('127.0.0.1:80').message).toContain('host and port')
  })

  it('refuses bad fields with the field named and the same words as elsewhere', () => {
    expect(refusal({ host: '', port: 1 })).toMatchObject({ path: 'upstream.host', message: expect.stringContaining('host is empty') })
    expect(refusal({ host: 'a', port: 0 })).toMatchObject({ path: 'upstream.port', message: 'port must be from 1 to 65535 to reach a peer' })
    expect(refusal({ path: '' })).toMatchObject({ path: 'upstream.path', message: expect.stringContaining('path is empty') })
    expect(refusal({ path: 'a\0b' })).toMatchObject({ path: 'upstream.path', message: 'path must not contain a NUL character' })
    expect(refusal({ host: 'a', port: 1, tls: { ca: 'not pem' } })).toMatchObject({ path: 'upstream.tls.ca', message: expect.stringContaining('ca is not PEM text') })
    expect(refusal({ host: 'a', port: 1, tls: { cert: PEM } })).toMatchObject({ path: 'upstream.tls', message: 'a client certificate needs its key: give both cert and key, or neither' })
    expect(refusal({ host: 'a', port: 1, tls: { servername: '' } })).toMatchObject({ path: 'upstream.tls.servername' })
    expect(refusal({ host: 'a', port: 1, tls: { alpn: [] } })).toMatchObject({ path: 'upstream.tls.alpn', message: 'give at least one ALPN protocol, or leave alpn out' })
    expect(refusal({ host: 'a', port: 1, tls: { verify: false } })).toMatchObject({ path: 'upstream.tls' })
    // The window says the first issue through the catalog, naming the field.
    const r = endpointConfig.safeParse(relay({ host: 'a', port: 1, path: '/x' }))
    expect(issueRef(r.error!, 'open').params).toMatchObject({ field: 'upstream', reason: 'the upstream is either host and port (TCP or TLS) or path (a Unix socket), not both' })
  })

  it('is not widened for a UDP relay: host and port only', () => {
    const udp = (upstream: unknown) => endpointConfig.safeParse({ kind: 'udp-relay', host: '127.0.0.1', port: 0, upstream })
    expect(udp({ host: '127.0.0.1', port: 53 }).success).toBe(true)
    expect(udp({ path: '/tmp/a.sock' }).success).toBe(false)
    expect(udp({ host: '127.0.0.1', port: 53, tls: {} }).success).toBe(false)
  })

  it('goes through a workspace file and back unchanged, each kind of upstream', () => {
    const configs = [
      relay({ host: '127.0.0.1', port: 8000 }),
      relay({ host: 'localhost', port: 8443, tls: { insecure: true, servername: 'localhost', ca: PEM } }),
      relay({ path: '/tmp/up.sock' })
    ]
    const doc = { version: 1 as const, endpoints: configs.map((config, i) => ({ id: `e${i}`, config })), savedPayloads: [], history: [], layout: { sidebar: 240, inspector: 320, composer: 200 } }
    const read = readWorkspaceFile(workspaceFileText(doc as never), { layout: doc.layout })
    expect(read.notTaken).toEqual([])
    expect(read.workspace.endpoints.map((e) => e.config)).toEqual(configs)
  })
})

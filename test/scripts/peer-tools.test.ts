import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { peerTools, requirePeerTool } from '../helpers/peer-tools'

describe('the peer tools list', () => {
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'socket-lab-tools-'))
    for (const name of ['python3', 'socat']) {
      writeFileSync(join(dir, name), '#!/bin/sh\n')
      chmodSync(join(dir, name), 0o755)
    }
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('names each tool the tests use and the Debian package it comes from', () => {
    expect(Object.fromEntries(peerTools.PEER_TOOLS.map((t) => [t.command, t.debianPackage]))).toEqual({
      python3: 'python3',
      openssl: 'openssl',
      socat: 'socat',
      tshark: 'tshark',
      packetsender: 'packetsender'
    })
    for (const tool of peerTools.PEER_TOOLS) expect(tool.usedFor.length).toBeGreaterThan(10)
  })

  it('finds a tool on the PATH it is given', () => {
    expect(requirePeerTool('socat', { pathEnv: dir })).toBe(join(dir, 'socat'))
  })

  it('a test whose tool is missing fails saying what to install', () => {
    expect(() => requirePeerTool('tshark', { pathEnv: dir })).toThrow(/This test needs tshark\. .*apt-get install tshark/)
    expect(() => requirePeerTool('packetsender', { pathEnv: dir })).toThrow(/apt-get install packetsender/)
  })

  it('a tool that is not in the list is an error in the test, not a silent miss', () => {
    expect(() => requirePeerTool('nc', { pathEnv: dir })).toThrow(/not in the list .*peer-tools\.cjs/)
  })
})

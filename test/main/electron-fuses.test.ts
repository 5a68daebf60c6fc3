// The fuses electron-builder flips when it packages the app. The configuration is read the way
// electron-builder reads it, turned into a fuse wire by electron-builder's own code, and flipped with
// @electron/fuses into a stand-in binary that carries a fuse wire as Electron's does (the real runtime
// cannot be downloaded here); each fuse is then read back from the bytes.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const root = join(__dirname, '..', '..')
// Resolved from app-builder-lib, so the test uses the same copies electron-builder uses.
const builderRequire = createRequire(require.resolve('app-builder-lib/package.json', { paths: [root] }))

interface FusesModule {
  FuseVersion: { V1: string }
  FuseV1Options: Record<string, number | string>
  flipFuses(path: string, config: Record<string, unknown>): Promise<number>
  getCurrentFuseWire(path: string): Promise<Record<string, unknown>>
}
const fuses = builderRequire('@electron/fuses') as FusesModule
const { getConfig, validateConfiguration } = builderRequire('./out/util/config/config') as {
  getConfig(projectDir: string, configPath: string | null, fromOptions: null): Promise<Record<string, unknown>>
  validateConfiguration(config: Record<string, unknown>, logger: unknown): Promise<void>
}
// Through the package's entry: its modules import each other in an order only the entry gets right.
const { PlatformPackager } = builderRequire('./out/index') as {
  PlatformPackager: { prototype: { generateFuseConfig(fuses: unknown): Promise<Record<string, unknown>> } }
}
const { DebugLogger } = builderRequire('builder-util') as { DebugLogger: new (enabled: boolean) => unknown }

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'
const ENABLE = 0x31
const DISABLE = 0x30
const UNSET = 0x72 // what the stand-in starts with, so a fuse left alone shows

/** A file laid out like Electron's binary around its fuse wire: sentinel, version, length, one byte a fuse. */
function standInElectron(path: string, wireLength: number): void {
  const filler = Buffer.alloc(4096, 0x90)
  const wire = Buffer.concat([Buffer.from(SENTINEL, 'latin1'), Buffer.of(1, wireLength), Buffer.alloc(wireLength, UNSET)])
  writeFileSync(path, Buffer.concat([filler, wire, filler]))
}

describe('electron fuses in the packaging config', () => {
  let dir: string
  let config: Record<string, unknown>
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'socket-lab-fuses-'))
    config = await getConfig(root, null, null)
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('is a configuration electron-builder accepts', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined()
    expect(config.asar).toBe(true)
  })

  it('flips each fuse as intended into the binary', async () => {
    const wireConfig = await PlatformPackager.prototype.generateFuseConfig(config.electronFuses)
    const binary = join(dir, 'socket-lab')
    standInElectron(binary, 8)
    await fuses.flipFuses(binary, wireConfig)
    const wire = await fuses.getCurrentFuseWire(binary)
    const O = fuses.FuseV1Options
    const expected: [string, number][] = [
      ['RunAsNode', DISABLE],
      ['EnableNodeOptionsEnvironmentVariable', DISABLE],
      ['EnableNodeCliInspectArguments', DISABLE],
      ['EnableEmbeddedAsarIntegrityValidation', ENABLE],
      ['OnlyLoadAppFromAsar', ENABLE],
      ['EnableCookieEncryption', ENABLE],
      ['GrantFileProtocolExtraPrivileges', DISABLE]
    ]
    for (const [name, state] of expected) {
      expect(typeof O[name], `${name} is a fuse @electron/fuses knows`).toBe('number')
      expect(wire[String(O[name])], name).toBe(state)
    }
    // The one fuse not listed keeps what the binary had.
    expect(wire[String(O.LoadBrowserProcessSpecificV8Snapshot)]).toBe(UNSET)
  })

  it('leaves fuses a newer Electron adds as they are, rather than failing the package', async () => {
    const wireConfig = await PlatformPackager.prototype.generateFuseConfig(config.electronFuses)
    const binary = join(dir, 'socket-lab-newer')
    standInElectron(binary, 10)
    await fuses.flipFuses(binary, wireConfig)
    const wire = await fuses.getCurrentFuseWire(binary)
    expect(wire['8']).toBe(UNSET)
    expect(wire['9']).toBe(UNSET)
    expect(wire[String(fuses.FuseV1Options.RunAsNode)]).toBe(DISABLE)
  })
})

import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const { findOnPath } = createRequire(__filename)('../../scripts/lib/find-executable.cjs') as {
  findOnPath(name: string, options?: { pathEnv?: string; platform?: NodeJS.Platform; pathExt?: string }): string | undefined
}

describe('findOnPath', () => {
  let base: string
  let first: string
  let second: string
  const program = (file: string, mode = 0o755): void => {
    writeFileSync(file, '#!/bin/sh\necho hi\n')
    chmodSync(file, mode)
  }

  beforeAll(() => {
    base = mkdtempSync(join(tmpdir(), 'socket-lab-path-'))
    first = join(base, 'first')
    second = join(base, 'second')
    mkdirSync(first)
    mkdirSync(second)
    program(join(first, 'plain'), 0o644)
    program(join(second, 'plain'))
    program(join(first, 'tool'))
    program(join(second, 'tool'))
    mkdirSync(join(first, 'folder'))
    program(join(first, 'winonly.CMD'), 0o644)
  })
  afterAll(() => rmSync(base, { recursive: true, force: true }))

  it('finds the first runnable file of that name, in PATH order', () => {
    expect(findOnPath('tool', { pathEnv: [first, second].join(delimiter) })).toBe(join(first, 'tool'))
    expect(findOnPath('tool', { pathEnv: [second, first].join(delimiter) })).toBe(join(second, 'tool'))
  })

  it('passes over a file that may not be run, and a folder of that name', () => {
    expect(findOnPath('plain', { pathEnv: [first, second].join(delimiter) })).toBe(join(second, 'plain'))
    expect(findOnPath('folder', { pathEnv: first })).toBeUndefined()
  })

  it('finds nothing on an empty or foreign PATH', () => {
    expect(findOnPath('tool', { pathEnv: '' })).toBeUndefined()
    expect(findOnPath('tool', { pathEnv: join(base, 'missing') })).toBeUndefined()
    expect(findOnPath('sh', { pathEnv: `${delimiter}${delimiter}` })).toBeUndefined()
  })

  it('on Windows tries the PATHEXT endings and needs no execute bit', () => {
    expect(findOnPath('winonly', { pathEnv: first, platform: 'win32', pathExt: '.EXE;.CMD' })).toBe(join(first, 'winonly.CMD'))
    expect(findOnPath('winonly', { pathEnv: first, platform: 'linux' })).toBeUndefined()
  })
})

// The file server's folder on disk: names stay inside it, uploads show only once whole.
import { mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DirectoryFileStore } from '../../../src/main/files/directory-file-store'

describe('DirectoryFileStore', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'socket-lab-files-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('refuses a folder that does not exist', () => {
    expect(() => new DirectoryFileStore(join(dir, 'missing'))).toThrow(/not a folder/)
  })

  it('keeps every name inside its folder', () => {
    const store = new DirectoryFileStore(join(dir))
    for (const name of ['../escape', '/etc/passwd', 'a/b', 'a\\b', '..', '.', '', '.hidden', 'nul\0']) {
      expect(() => store.create(name, 1), JSON.stringify(name)).toThrow(/plain file name/)
      expect(() => store.read(name), JSON.stringify(name)).toThrow(/plain file name/)
    }
    expect(readdirSync(dir)).toEqual([])
  })

  it('shows an upload under its name only once committed, and leaves nothing of an aborted one', () => {
    const store = new DirectoryFileStore(dir)
    const w = store.create('1.mp4', 6)
    w.write(Uint8Array.of(1, 2, 3))
    expect(store.read('1.mp4')).toBeUndefined()
    w.write(Uint8Array.of(4, 5, 6))
    w.commit()
    expect(store.read('1.mp4')).toEqual(Uint8Array.of(1, 2, 3, 4, 5, 6))
    const a = store.create('2.mp4', 4)
    a.write(Uint8Array.of(9))
    a.abort()
    expect(readdirSync(dir)).toEqual(['1.mp4'])
    expect(() => store.create('3.mp4', 1).write(Uint8Array.of(1, 2))).toThrow(/longer than/)
  })

  it('serves a plain file, not a folder nor a link leading out', () => {
    writeFileSync(join(dir, 'hello.txt'), 'hi')
    symlinkSync(dir, join(dir, 'loop'))
    symlinkSync(join(dir, 'hello.txt'), join(dir, 'link'))
    const store = new DirectoryFileStore(dir)
    expect(new TextDecoder().decode(store.read('hello.txt'))).toBe('hi')
    expect(store.read('loop')).toBeUndefined()
    expect(store.read('link')).toBeUndefined()
    expect(store.read('absent')).toBeUndefined()
  })
})

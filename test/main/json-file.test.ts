import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createSerialQueue, saveJson } from '../../src/main/json-file'

describe('json file', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'socket-lab-json-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('writes that overlap each use a temp file of their own: the file is always one whole document', async () => {
    const path = join(dir, 'doc.json')
    // Lengths differ, so two writes sharing one temp file would leave a tail of the longer one.
    const docs = Array.from({ length: 16 }, (_, i) => ({ n: i, pad: 'x'.repeat((i * 37) % 200) }))
    for (let round = 0; round < 20; round++) {
      await Promise.all(docs.map((d) => saveJson(path, d)))
      const onDisk = JSON.parse(readFileSync(path, 'utf8')) as unknown
      expect(docs).toContainEqual(onDisk)
    }
    expect(readdirSync(dir)).toEqual(['doc.json'])
  })

  it('a write that fails removes its temp file and says what, where and why', async () => {
    const path = join(dir, 'doc.json')
    mkdirSync(path)
    const err = await saveJson(path, { a: 1 }, 'theWorkspace').then(
      () => undefined,
      (e: unknown) => e as { code: string; message: string; hint: string }
    )
    expect(err?.code).toBe('EISDIR')
    expect(err?.message).toMatch(/^could not save the workspace to .*doc\.json: is a directory$/)
    expect(err?.hint).toContain(dir)
    expect(readdirSync(dir)).toEqual(['doc.json'])
  })

  it('the serial queue runs tasks in order, one at a time, past a failure', async () => {
    const run = createSerialQueue()
    const log: string[] = []
    let running = 0
    const task = (name: string, fail = false) => async () => {
      running++
      expect(running).toBe(1)
      await new Promise((r) => setTimeout(r, 3 - name.length))
      log.push(name)
      running--
      if (fail) throw new Error(name)
      return name
    }
    const results = await Promise.allSettled([run(task('a')), run(task('bb', true)), run(task('c'))])
    expect(log).toEqual(['a', 'bb', 'c'])
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
  })
})

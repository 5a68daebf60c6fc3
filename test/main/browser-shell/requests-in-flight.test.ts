// A page that fires requests without waiting for their answers: the shell handles a bounded number at
// once and reads the rest from its socket only as answers go out, yet answers every one.
import { afterEach, describe, expect, it } from 'vitest'
import type { Handlers } from '../../../src/shared/api'
import { createHandlers } from '../../../src/main/handlers'
import { openSettingsStore } from '../../../src/main/settings-store'
import { openWorkspaceStore } from '../../../src/main/workspace-store'
import { createEngine } from '../../../src/main/engine'
import { MAX_REQUESTS_IN_FLIGHT } from '../../../src/main/browser-shell/ws-session'
import { openApiSocket } from './api-socket'
import { openSession, startShell, type ShellUnderTest } from './shell-fixture'

describe('browser shell requests in flight', () => {
  let t: ShellUnderTest | undefined

  afterEach(async () => {
    await t?.stop()
    t = undefined
  })

  it('handles at most a bounded number of one window’s requests at once and answers them all', async () => {
    const engine = createEngine()
    const real = createHandlers({ engine, settings: await openSettingsStore(), transport: 'browser', workspace: await openWorkspaceStore() })
    let running = 0
    let most = 0
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    const handlers: Handlers = {
      ...real,
      listEndpoints: async () => {
        running++
        most = Math.max(most, running)
        await gate
        running--
        return real.listEndpoints({})
      }
    }
    t = await startShell({ engine, handlers })
    const api = await openApiSocket(t.shell, await openSession(t.shell))
    const total = MAX_REQUESTS_IN_FLIGHT * 4
    const answers = Array.from({ length: total }, () => api.request('listEndpoints', {}))
    // Give the shell every chance to read past the bound before anything is answered.
    for (let i = 0; i < 50 && running < MAX_REQUESTS_IN_FLIGHT; i++) await new Promise((r) => setTimeout(r, 10))
    await new Promise((r) => setTimeout(r, 100))
    expect(running).toBe(MAX_REQUESTS_IN_FLIGHT)
    release()
    const results = await Promise.all(answers)
    expect(results.every((r) => r.ok)).toBe(true)
    expect(most).toBe(MAX_REQUESTS_IN_FLIGHT)
    await api.close()
  })
})

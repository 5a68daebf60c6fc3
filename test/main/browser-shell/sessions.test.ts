import { describe, expect, it } from 'vitest'
import { readCookieValues, sessionCookie } from '../../../src/main/browser-shell/cookies'
import { createSessionStore } from '../../../src/main/browser-shell/sessions'

describe('browser shell sessions', () => {
  it('accepts the secrets it gave out and nothing else', () => {
    const store = createSessionStore()
    const a = store.open()
    const b = store.open()
    expect(a).not.toBe(b)
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(store.accepts(a)).toBe(true)
    expect(store.accepts(b)).toBe(true)
    for (const guess of ['', a.slice(0, -1), `${a}x`, a.toUpperCase() === a ? a.toLowerCase() : a.toUpperCase(), '%E0%A4%A', '\0']) {
      expect(store.accepts(guess), guess).toBe(false)
    }
  })

  it('forgets the oldest session beyond its limit, and all of them when cleared', () => {
    const store = createSessionStore(3)
    const secrets = [store.open(), store.open(), store.open(), store.open()]
    expect(store.size()).toBe(3)
    expect(secrets.map((s) => store.accepts(s))).toEqual([false, true, true, true])
    store.clear()
    expect(secrets.some((s) => store.accepts(s))).toBe(false)
  })

  it('reads every value of its cookie as sent, without decoding', () => {
    const header = `a=1; socket_lab_80=one; socket_lab_8=x; socket_lab_80 = two ;socket_lab_80=%E0%A4%A; =; socket_lab_80; b`
    expect(readCookieValues(header, 'socket_lab_80')).toEqual(['one', 'two', '%E0%A4%A'])
    expect(readCookieValues(undefined, 'socket_lab_80')).toEqual([])
    expect(sessionCookie(80, 'abc')).toBe('socket_lab_80=abc; HttpOnly; SameSite=Strict; Path=/')
  })
})

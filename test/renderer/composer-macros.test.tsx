import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { RequestOf, SendResult } from '../../src/shared/api'

type SendRequest = RequestOf<'send'>
import { checksum, formatHex } from '../../src/shared/codec'
import { Composer } from '../../src/renderer/src/components/composer/Composer'
import { useMacroSends } from '../../src/renderer/src/components/composer/macro-sends'
import { i18n } from '../../src/renderer/src/i18n'
import { useWorkspace } from '../../src/renderer/src/store/workspace-store'
import { connectedClient, fakeApi, ok, renderWithApi, resetStores } from './helpers'

const client = connectedClient()
const hex = (): string | null => screen.getByTestId('composer-hex').textContent
const type = (text: string): void => void fireEvent.change(screen.getByTestId('composer-text'), { target: { value: text } })
const choose = (testId: string, value: string): void => void fireEvent.change(screen.getByTestId(testId), { target: { value } })
const macrosOn = (): void => void fireEvent.click(screen.getByTestId('composer-macros'))
const ascii = (s: string): Uint8Array => new TextEncoder().encode(s)
const spaced = (b: Uint8Array): string => formatHex(b, { separator: ' ' })

function sender(): { send: ReturnType<typeof vi.fn>; sent: () => Uint8Array[] } {
  const send = vi.fn((req: SendRequest) => ok<SendResult>({ bytes: req.bytes.length, seqs: [0] }))
  return { send, sent: () => send.mock.calls.map(([req]) => (req as SendRequest).bytes) }
}

async function sendNow(): Promise<void> {
  await act(async () => {
    fireEvent.click(screen.getByTestId('composer-send'))
  })
}

describe('composer macros', () => {
  beforeEach(() => {
    resetStores()
    useMacroSends.setState({ next: {} })
  })
  afterEach(cleanup)

  it('are off by default: braces are sent as typed', async () => {
    const { send, sent } = sender()
    renderWithApi(<Composer ep={client} />, fakeApi({ send }))
    expect(screen.getByTestId('composer-macros')).toHaveProperty('checked', false)
    type('{"n": {counter}}')
    expect(hex()).toBe(spaced(ascii('{"n": {counter}}')))
    expect(screen.queryByTestId('composer-send-number')).toBeNull()
    await sendNow()
    expect(sent().map(spaced)).toEqual([spaced(ascii('{"n": {counter}}'))])
  })

  it('when on, the preview shows the bytes of the next send, and the counter counts actual sends', async () => {
    const { send, sent } = sender()
    renderWithApi(<Composer ep={client} />, fakeApi({ send }))
    choose('composer-mode', 'text')
    type('n={counter};{crc16}')
    macrosOn()
    const first = ascii(`n=1;${checksum(ascii('n=1;'), 'crc16-modbus').toString(16).toUpperCase().padStart(4, '0')}`)
    expect(hex()).toBe(spaced(first))
    expect(screen.getByTestId('composer-send-number').textContent).toBe('next send #1')
    await sendNow()
    expect(sent().map(spaced)).toEqual([spaced(first)])
    expect(screen.getByTestId('composer-send-number').textContent).toBe('next send #2')
    expect(hex()).toMatch(/^6e 3d 32 3b/)
    await sendNow()
    expect(new TextDecoder().decode(sent()[1]!)).toMatch(/^n=2;[0-9A-F]{4}$/)
    expect(hex()).toMatch(/^6e 3d 33 3b/)
  })

  it('a failed send does not count', async () => {
    const send = vi.fn(() => Promise.resolve({ ok: false as const, error: { code: 'EPIPE', message: 'gone', hint: 'reconnect' } }))
    renderWithApi(<Composer ep={client} />, fakeApi({ send }))
    type('{counter}')
    macrosOn()
    await sendNow()
    expect(send).toHaveBeenCalledTimes(1)
    expect(screen.getByTestId('composer-send-number').textContent).toBe('next send #1')
    expect(hex()).toBe('31')
  })

  it('frames hex with a MODBUS CRC, and sends the random bytes the preview showed', async () => {
    const { send, sent } = sender()
    renderWithApi(<Composer ep={client} />, fakeApi({ send }))
    choose('composer-mode', 'hex')
    type('01 03 00 00 00 0a {crc16}')
    macrosOn()
    expect(hex()).toBe('01 03 00 00 00 0a c5 cd')
    type('aa {random:8} {len} 01')
    const shown = hex()!
    expect(shown).toMatch(/^aa( [0-9a-f]{2}){8} 01 01$/)
    await sendNow()
    expect(spaced(sent()[0]!)).toBe(shown)
    // New random bytes for the next send (eight equal bytes by chance: one in 2^64).
    expect(hex()).not.toBe(shown)
    await sendNow()
    expect(spaced(sent()[1]!)).not.toBe(shown)
  })

  it('says where a template is wrong, and does not send it', async () => {
    const { send } = sender()
    renderWithApi(<Composer ep={client} />, fakeApi({ send }))
    type('ok {nope}')
    macrosOn()
    expect(screen.getByTestId('composer-preview-error').textContent).toMatch(/unknown macro \{nope\} at position 3/)
    expect(screen.getByTestId('composer-preview-error').textContent).toMatch(/\{counter\}/)
    expect(screen.getByTestId('composer-send')).toHaveProperty('disabled', true)
    type('a }')
    expect(screen.getByTestId('composer-preview-error').textContent).toMatch(/lone '\}' at position 2/)
    type('a }} {{')
    expect(hex()).toBe(spaced(ascii('a } {')))
    await act(() => i18n.changeLanguage('zh-CN'))
    type('ok {nope}')
    expect(screen.getByTestId('composer-preview-error').textContent).toMatch(/位置 3 有未知的宏 \{nope\}/)
  })

  it('shows the time ticking, and sends the time of the send', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] })
    try {
      vi.setSystemTime(new Date(2026, 0, 2, 3, 4, 5))
      const { send, sent } = sender()
      renderWithApi(<Composer ep={client} />, fakeApi({ send }))
      choose('composer-mode', 'text')
      type('{time:%Y-%m-%d %H:%M:%S}')
      macrosOn()
      expect(hex()).toBe(spaced(ascii('2026-01-02 03:04:05')))
      act(() => void vi.advanceTimersByTime(2000))
      expect(hex()).toBe(spaced(ascii('2026-01-02 03:04:07')))
      vi.setSystemTime(new Date(2026, 0, 2, 3, 4, 7, 500))
      await sendNow()
      expect(sent().map(spaced)).toEqual([spaced(ascii('2026-01-02 03:04:07'))])
    } finally {
      vi.useRealTimers()
    }
  })

  it('a repeat fills the macros in on each send', async () => {
    const { send, sent } = sender()
    renderWithApi(<Composer ep={client} />, fakeApi({ send }))
    choose('composer-mode', 'hex')
    type('{counter} {len} ff')
    macrosOn()
    fireEvent.change(screen.getByLabelText('Repeat interval in milliseconds'), { target: { value: '1' } })
    fireEvent.change(screen.getByLabelText('How many times (0 repeats until stopped)'), { target: { value: '3' } })
    await act(async () => {
      fireEvent.click(screen.getByTestId('repeat-start'))
    })
    await waitFor(() => expect(send).toHaveBeenCalledTimes(3))
    expect(sent().map(spaced)).toEqual(['01 01 ff', '02 01 ff', '03 01 ff'])
    await waitFor(() => expect(screen.getByTestId('composer-send-number').textContent).toBe('next send #4'))
  })

  it('is kept with the draft, saved payloads and the history, and lists the macros in both languages', async () => {
    const { send } = sender()
    renderWithApi(<Composer ep={client} />, fakeApi({ send }))
    type('{counter}')
    macrosOn()
    expect(useWorkspace.getState().composers.c1?.macros).toBe(true)
    await sendNow()
    expect(useWorkspace.getState().history[0]?.macros).toBe(true)
    fireEvent.click(screen.getByTestId('composer-macros'))
    expect(hex()).toBe(spaced(ascii('{counter}')))
    fireEvent.click(screen.getByTestId('composer-macros'))
    fireEvent.click(screen.getByText('Which macros'))
    expect(screen.getByTestId('composer-macro-help').textContent).toContain('CRC-16/MODBUS of every byte before it')
    await act(() => i18n.changeLanguage('zh-CN'))
    expect(screen.getByTestId('composer-macro-help').textContent).toContain('它之前所有字节的 CRC-16/MODBUS')
  })
})

import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { EndpointInfo, Result, SendResult } from '../../src/shared/api'
import { Composer } from '../../src/renderer/src/components/composer/Composer'
import { FILE_PIECE_BYTES } from '../../src/renderer/src/components/composer/use-file-send'
import { useAppStore } from '../../src/renderer/src/store/app-store'
import { useUi } from '../../src/renderer/src/store/ui-store'
import { connectedClient, fakeApi, renderWithApi, resetStores } from './helpers'

const client: EndpointInfo = connectedClient()

const PIECES = 4
const file = (): File => new File([new Uint8Array(PIECES * FILE_PIECE_BYTES).fill(7)], 'blob.bin')
const progressValue = (): number => Number(screen.getByTestId('file-progress').querySelector('progress')!.getAttribute('value'))
const progressText = (): string => screen.getByTestId('file-progress').querySelector('span')!.textContent ?? ''

/** A send the test answers piece by piece, so it decides exactly when each write completes. */
function gatedSend(): { send: ReturnType<typeof vi.fn>; answer(): void; sizes: number[] } {
  const waiting: Array<(r: Result<SendResult>) => void> = []
  const sizes: number[] = []
  const send = vi.fn(
    ({ bytes }: { bytes: Uint8Array }) =>
      new Promise<Result<SendResult>>((resolve) => {
        sizes.push(bytes.byteLength)
        waiting.push(resolve)
      })
  )
  return { send, sizes, answer: () => waiting.shift()!({ ok: true, value: { bytes: 0, seqs: [0] } }) }
}

function chooseAndSend(): void {
  fireEvent.change(screen.getByTestId('composer-file'), { target: { files: [file()] } })
  fireEvent.click(screen.getByTestId('composer-send'))
}

describe('composer file send', () => {
  beforeEach(() => {
    resetStores()
    useAppStore.getState().upsertEndpoint(client)
    useUi.getState().setFileMode(client.id, true)
  })
  afterEach(cleanup)

  it('shows progress piece by piece and reports completion', async () => {
    const send = vi.fn(
      ({ bytes }: { endpointId: string; bytes: Uint8Array }) =>
        new Promise<Result<SendResult>>((resolve) => setTimeout(() => resolve({ ok: true, value: { bytes: bytes.byteLength, seqs: [0] } }), 15))
    )
    renderWithApi(<Composer ep={client} />, fakeApi({ send }))
    chooseAndSend()

    const seen = new Set<number>()
    await waitFor(
      () => {
        seen.add(progressValue())
        expect(progressText()).toMatch(/— sent$/)
      },
      { interval: 2 }
    )
    expect(send).toHaveBeenCalledTimes(PIECES)
    expect(send.mock.calls.every(([req]) => req.endpointId === 'c1' && req.bytes.byteLength === FILE_PIECE_BYTES)).toBe(true)
    expect(progressValue()).toBe(PIECES * FILE_PIECE_BYTES)
    expect(progressText()).toBe('1.0 MiB of 1.0 MiB — sent')
    // Progress moved through the pieces rather than jumping from nothing to done.
    expect([...seen].filter((v) => v > 0 && v < PIECES * FILE_PIECE_BYTES).length).toBeGreaterThan(0)
    expect(screen.queryByTestId('file-cancel')).toBeNull()
  })

  it('follows a peer that stops reading: the piece refused is tried again, the wait is shown, and the file completes once it reads', async () => {
    const NOT_READING = { code: 'EAGAIN', message: 'Peer p1 is not reading: 4194304 bytes wait to be sent to it', hint: 'Nothing was lost.' }
    let reading = true
    let inFlight = 0
    let most = 0
    const taken: number[] = []
    const send = vi.fn(async ({ bytes, waitMs }: { bytes: Uint8Array; waitMs?: number }) => {
      inFlight++
      most = Math.max(most, inFlight)
      await new Promise((r) => setTimeout(r, 2))
      inFlight--
      expect(waitMs).toBeGreaterThan(0)
      if (!reading) return { ok: false as const, error: NOT_READING }
      taken.push(bytes.byteLength)
      // The peer stops reading after the first piece.
      if (taken.length === 1) reading = false
      return { ok: true as const, value: { bytes: bytes.byteLength, seqs: [taken.length] } }
    })
    renderWithApi(<Composer ep={client} />, fakeApi({ send }))
    chooseAndSend()

    await waitFor(() => expect(screen.getByTestId('error-note').textContent).toContain('is not reading'))
    const tries = send.mock.calls.length
    await waitFor(() => expect(send.mock.calls.length).toBeGreaterThan(tries + 2))
    expect(progressText()).toBe('256 KiB of 1.0 MiB')
    reading = true
    await waitFor(() => expect(progressText()).toMatch(/— sent$/))
    expect(taken).toEqual(Array(PIECES).fill(FILE_PIECE_BYTES))
    expect(most).toBe(1)
    expect(screen.queryByTestId('error-note')).toBeNull()
  })

  it('Cancel ends a file that waits for a peer that does not read', async () => {
    const send = vi.fn(async () => {
      await new Promise((r) => setTimeout(r, 2))
      return { ok: false as const, error: { code: 'EAGAIN', message: 'Peer p1 is not reading: 1 bytes wait', hint: '' } }
    })
    renderWithApi(<Composer ep={client} />, fakeApi({ send }))
    chooseAndSend()
    await waitFor(() => expect(screen.getByTestId('error-note')).toBeTruthy())
    fireEvent.click(screen.getByTestId('file-cancel'))
    await waitFor(() => expect(progressText()).toMatch(/— cancelled$/))
    const calls = send.mock.calls.length
    await new Promise((r) => setTimeout(r, 30))
    expect(send.mock.calls.length).toBe(calls)
    expect(screen.queryByTestId('error-note')).toBeNull()
  })

  it('Cancel stops further sends and counts only the pieces that went out', async () => {
    const gate = gatedSend()
    renderWithApi(<Composer ep={client} />, fakeApi({ send: gate.send }))
    chooseAndSend()

    await waitFor(() => expect(gate.send).toHaveBeenCalledTimes(1))
    expect(progressText()).toBe('0 B of 1.0 MiB')
    gate.answer()
    await waitFor(() => expect(gate.send).toHaveBeenCalledTimes(2))
    expect(progressValue()).toBe(FILE_PIECE_BYTES)
    expect(progressText()).toBe('256 KiB of 1.0 MiB')

    // Cancel while the second piece is still in flight: it completes, nothing after it starts.
    fireEvent.click(screen.getByTestId('file-cancel'))
    gate.answer()
    await waitFor(() => expect(progressText()).toMatch(/— cancelled$/))
    expect(progressText()).toBe('512 KiB of 1.0 MiB — cancelled')
    expect(progressValue()).toBe(2 * FILE_PIECE_BYTES)
    await new Promise((r) => setTimeout(r, 30))
    expect(gate.send).toHaveBeenCalledTimes(2)
    expect(screen.queryByTestId('file-cancel')).toBeNull()
    // The button is free again for the next file.
    expect(screen.getByTestId('composer-send')).toHaveProperty('disabled', false)
  })
})

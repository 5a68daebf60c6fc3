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
    useUi.setState({ fileMode: true })
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

// Sends a file read with the browser's File API in pieces, one awaited send per piece, so memory
// stays flat and progress is real. With a framing other than raw the framer writes the header first
// (the length, or the JSON header with file_name and file_size) and any trailer last.
//
// The file goes at the pace the peer reads: each piece waits a while for room in the peer's queue
// and, while the peer reads nothing, is tried again (the refusal is shown meanwhile), until it is
// taken or the user cancels. So nothing queues up anywhere along the way: one piece is read ahead,
// one request is in flight, and the engine's queue is bounded.
import { useCallback, useRef, useState } from 'react'
import type { AppError, SendTarget, SocketLabApi } from '../../../../shared/api'
import { createFramer, parseFramingSpec } from '../../../../shared/codec'
import { toAppError } from '../../../../shared/errors'

/** Stream pieces; UDP pieces are datagrams and must fit one. */
export const FILE_PIECE_BYTES = 256 * 1024
export const UDP_PIECE_BYTES = 8 * 1024
/** How long one try of a piece waits for room; short, so Cancel takes effect soon. */
export const FILE_WAIT_MS = 1000

export interface FileSendState {
  name?: string
  running: boolean
  sent: number
  total: number
  done?: 'sent' | 'cancelled'
  error?: AppError
  /** Why the file waits: the peer does not read now. Cleared once a piece is taken. */
  stalled?: AppError
}

async function* readPieces(file: File, size: number, progress: (n: number) => void): AsyncIterable<Uint8Array> {
  for (let at = 0; at < file.size; at += size) {
    const piece = new Uint8Array(await file.slice(at, at + size).arrayBuffer())
    progress(at + piece.length)
    yield piece
  }
}

export function useFileSend(api: SocketLabApi): { state: FileSendState; start(file: File, endpointId: string, to: SendTarget | undefined, framing: string, udp: boolean): Promise<void>; cancel(): void } {
  const [state, setState] = useState<FileSendState>({ running: false, sent: 0, total: 0 })
  const cancelled = useRef(false)

  const start = useCallback(
    async (file: File, endpointId: string, to: SendTarget | undefined, framing: string, udp: boolean) => {
      cancelled.current = false
      // File bytes read so far, and those whose send returned: the reader runs one piece ahead.
      let read = 0
      let sent = 0
      setState({ name: file.name, running: true, sent: 0, total: file.size })
      try {
        const spec = parseFramingSpec(framing)
        const body = readPieces(file, udp ? UDP_PIECE_BYTES : FILE_PIECE_BYTES, (n) => (read = n))
        const pieces = spec.kind === 'raw' ? body : createFramer(spec).encodeStream(body, file.size, { file_name: file.name, file_size: file.size })
        for await (const bytes of pieces) {
          if (cancelled.current) {
            setState({ name: file.name, running: false, sent, total: file.size, done: 'cancelled' })
            return
          }
          let r = await api.send({ endpointId, ...(to ? { to } : {}), bytes: bytes as Uint8Array<ArrayBuffer>, waitMs: FILE_WAIT_MS })
          // The peer reads nothing for now: say so, and try the same piece again.
          while (!r.ok && r.error.code === 'EAGAIN' && !cancelled.current) {
            setState({ name: file.name, running: true, sent, total: file.size, stalled: r.error })
            r = await api.send({ endpointId, ...(to ? { to } : {}), bytes: bytes as Uint8Array<ArrayBuffer>, waitMs: FILE_WAIT_MS })
          }
          if (!r.ok && cancelled.current) {
            setState({ name: file.name, running: false, sent, total: file.size, done: 'cancelled' })
            return
          }
          if (!r.ok) {
            setState({ name: file.name, running: false, sent, total: file.size, error: r.error })
            return
          }
          // Counted only now, so a piece that was read but cancelled or refused is not reported as sent.
          sent = read
          setState({ name: file.name, running: true, sent, total: file.size })
        }
        setState({ name: file.name, running: false, sent: file.size, total: file.size, done: 'sent' })
      } catch (err) {
        const e = err as Partial<AppError>
        setState({ name: file.name, running: false, sent, total: file.size, error: { ...toAppError(err), code: e.code ?? 'EIO', hint: e.hint ?? '' } })
      }
    },
    [api]
  )

  const cancel = useCallback(() => {
    cancelled.current = true
  }, [])

  return { state, start, cancel }
}

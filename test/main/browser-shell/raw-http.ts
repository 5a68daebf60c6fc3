// Raw bytes to the browser shell and what came back, for requests no well-behaved client would send.
import { connect } from 'node:net'

export interface RawReply {
  /** The status code of the first response, when one came. */
  status?: number
  /** Everything received, as latin1 so every byte survives. */
  text: string
  /** The shell closed (or reset) the connection. */
  closed: boolean
  /** Neither a whole response nor a close came within the wait. */
  timedOut: boolean
}

export interface RawOptions {
  /** Sent one after another, each in its own write. */
  chunks?: (string | Uint8Array)[]
  /** Reset the connection (RST) right after writing, and do not wait for an answer. */
  resetAfterWrite?: boolean
  /** Wait for the shell to close the connection, even after a whole response. */
  untilClose?: boolean
  waitMs?: number
}

function wholeResponse(text: string): boolean {
  const end = text.indexOf('\r\n\r\n')
  if (end < 0) return false
  const head = text.slice(0, end)
  if (/^HTTP\/1\.1 (101|1\d\d) /.test(head)) return true
  const length = /\r\ncontent-length: *(\d+)/i.exec(head)
  if (length) return text.length - end - 4 >= Number(length[1])
  if (/\r\ntransfer-encoding: *chunked/i.test(head)) return text.endsWith('\r\n0\r\n\r\n')
  return false
}

export function rawExchange(port: number, bytes: string | Uint8Array, options: RawOptions = {}): Promise<RawReply> {
  const chunks = options.chunks ?? [bytes]
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    let text = ''
    let settled = false
    const finish = (closed: boolean, timedOut: boolean): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(text)
      socket.destroy()
      resolve({ status: status ? Number(status[1]) : undefined, text, closed, timedOut })
    }
    const timer = setTimeout(() => finish(false, true), options.waitMs ?? 5000)
    socket.on('data', (d: Buffer) => {
      text += d.toString('latin1')
      if (!options.untilClose && wholeResponse(text)) finish(false, false)
    })
    socket.on('error', () => finish(true, false))
    socket.on('close', () => finish(true, false))
    socket.on('connect', () => {
      for (const chunk of chunks) socket.write(typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk)
      if (options.resetAfterWrite) setImmediate(() => {
        socket.resetAndDestroy()
        finish(true, false)
      })
    })
  })
}

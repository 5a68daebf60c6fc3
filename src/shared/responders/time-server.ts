// The lessons' UDP time server: each datagram carries a strftime format, and the answer is the
// current local time in that format, as `time.strftime(msg.decode('utf-8'), time.localtime())`
// gives it, encoded as UTF-8; an empty datagram asks for '%Y-%m-%d %X'. Where the lesson's server
// would die (bytes that are not UTF-8, a NUL in the format, an answer too big for a datagram),
// this one notes why and answers nothing.
import { z } from 'zod'
import { errorNote } from './errors'
import { pythonStrftime } from './strftime'
import type { Responder, ResponderAction } from './types'
import { decodeUtf8Strict, describeInvalidUtf8 } from './utf8'

/** What the lesson's server formats an empty request with. */
export const LESSON_TIME_FORMAT = '%Y-%m-%d %X'

/** The most a UDP datagram carries over IPv4. */
export const MAX_DATAGRAM_BYTES = 65_507

export const timeConfig = z.strictObject({
  kind: z.literal('time'),
  /** The format an empty request gets; '%Y-%m-%d %X' by default, as in the lesson. */
  defaultFormat: z.string().max(1024).optional(),
  /** The longest answer, 65507 bytes by default (a UDP datagram); a longer one is not sent. */
  maxReplyBytes: z.number().int().min(1).max(16 * 1024 * 1024).optional()
})

export type TimeConfig = z.infer<typeof timeConfig>

const utf8 = new TextEncoder()

export function createTimeServer(config: TimeConfig): Responder {
  const defaultFormat = config.defaultFormat ?? LESSON_TIME_FORMAT
  const maxReply = config.maxReplyBytes ?? MAX_DATAGRAM_BYTES
  return {
    kind: 'time',
    bound: { perInputByte: 0, fixed: maxReply },
    createInstance: () => ({
      frame({ payload }, ctx): ResponderAction[] {
        let format = defaultFormat
        if (payload.byteLength > 0) {
          const decoded = decodeUtf8Strict(payload)
          if (!decoded.ok) {
            return [errorNote('EDECODE', `the time request is not UTF-8: ${describeInvalidUtf8(decoded)}`, "The lesson's server decodes the format as UTF-8 (and would crash here); send a strftime format such as %Y-%m-%d %X as UTF-8 text.")]
          }
          format = decoded.text
        }
        if (format.includes('\0')) {
          return [errorNote('EINVAL', 'the time format holds a NUL byte, which time.strftime refuses (ValueError: embedded null character)', 'Send the format without \\0; the lesson\'s server would crash on it.')]
        }
        const now = ctx.clock.localtime(ctx.clock.now())
        // Each character is at least one byte, so a text longer than the limit in characters is
        // longer in bytes too and need not be made.
        const text = pythonStrftime(format, now, maxReply)
        const bytes = text === undefined ? undefined : utf8.encode(text)
        if (bytes === undefined || bytes.byteLength > maxReply) {
          return [
            errorNote(
              'EMSGSIZE',
              `the formatted time is longer than ${maxReply} bytes, more than ${maxReply === MAX_DATAGRAM_BYTES ? 'a UDP datagram can carry' : 'the reply limit'}`,
              'Ask for a shorter format (field widths such as %1000Y make long answers); Python would fail to send it too.'
            )
          ]
        }
        return [{ type: 'reply', bytes }]
      }
    })
  }
}

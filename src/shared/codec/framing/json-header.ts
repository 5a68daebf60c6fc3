import { CodecError } from '../errors'
import { NO_BYTES, QueueDecoder, badFrame, tooBig, type FrameParts } from './base'
import { readField, writeField } from './int-field'
import { formatFramingSpec } from './spec'
import { DEFAULT_MAX_JSON_HEADER_SIZE, type Frame, type FramingSpec, type IntField } from './types'

type JsonHeaderSpec = Extract<FramingSpec, { kind: 'json-header' }>

// The lessons' file-transfer protocol: struct.pack(code, len(header)), the JSON header, the body.

export const BODY_SIZE_KEYS = ['file_size', 'size', 'total_size', 'data_size'] as const

const utf8 = new TextEncoder()
const utf8Fatal = new TextDecoder('utf-8', { fatal: true })

export function jsonHeaderParts(field: IntField): FrameParts {
  return {
    header(bodyLength, meta) {
      const json = utf8.encode(JSON.stringify({ ...meta, file_size: bodyLength }))
      const out = new Uint8Array(field.size + json.length)
      writeField(out, 0, field, json.length)
      out.set(json, field.size)
      return out
    },
    body: (piece) => piece,
    trailer: () => NO_BYTES
  }
}


export class JsonHeaderDecoder extends QueueDecoder {
  /** Length of the JSON header once the prefix is read; else -1. */
  private headerLength = -1
  private meta: Record<string, unknown> | undefined
  private bodyLength = 0

  private readonly field: IntField
  private readonly maxHeaderSize: number

  constructor(
    private readonly spec: JsonHeaderSpec,
    maxFrameSize: number
  ) {
    super(maxFrameSize)
    this.field = spec.field
    this.maxHeaderSize = spec.maxHeaderSize ?? DEFAULT_MAX_JSON_HEADER_SIZE
  }

  protected next(): Frame | null {
    const size = this.field.size
    if (this.headerLength < 0) {
      if (this.queue.length < size) return null
      const value = readField(this.queue, this.field)
      if (value < 0) throw badFrame({ id: 'jsonHeaderNegative', params: { offset: this.offset, value } })
      // Both checked on the length alone, so a wild announcement never makes the decoder buffer it.
      if (value > this.maxHeaderSize) throw this.headerTooBig(value)
      if (size + value > this.maxFrameSize) throw tooBig('jsonHeader', size + value, this.maxFrameSize, this.offset)
      this.headerLength = value
    }
    const prefix = size + this.headerLength
    if (this.meta === undefined) {
      if (this.queue.length < prefix) return null
      this.meta = this.parseHeader(this.queue.peek(size, this.headerLength))
      this.bodyLength = bodySize(this.meta, this.offset)
      if (prefix + this.bodyLength > this.maxFrameSize) throw tooBig('frameByJsonHeader', prefix + this.bodyLength, this.maxFrameSize, this.offset)
    }
    const length = prefix + this.bodyLength
    if (this.queue.length < length) return null
    this.queue.skip(prefix)
    const frame: Frame = { offset: this.offset, length, headerLength: prefix, payload: this.queue.take(this.bodyLength), meta: this.meta }
    this.offset += length
    this.headerLength = -1
    this.meta = undefined
    return frame
  }

  private headerTooBig(value: number): CodecError {
    const fits = value + this.field.size <= this.maxFrameSize
    // The next power of two that holds it, as a size people write (1m rather than 1048576).
    const round = 2 ** Math.ceil(Math.log2(value))
    const raised = formatFramingSpec({ ...this.spec, maxHeaderSize: round + this.field.size <= this.maxFrameSize ? round : value })
    return CodecError.of('EFRAMETOOBIG', {
      id: 'jsonHeaderTooBig',
      hintId: fits ? 'jsonHeaderTooBigRaise' : 'jsonHeaderTooBigNoFit',
      params: { offset: this.offset, value, limit: this.maxHeaderSize, raised, max: this.maxFrameSize }
    })
  }

  private parseHeader(bytes: Uint8Array): Record<string, unknown> {
    let parsed: unknown
    try {
      parsed = JSON.parse(utf8Fatal.decode(bytes))
    } catch (err) {
      const detail = err instanceof Error ? err.message : String(err)
      throw badFrame({ id: 'jsonHeaderUnparsable', hintId: 'jsonHeader', params: { offset: this.offset, detail, keys: BODY_SIZE_KEYS.join(', ') } })
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw badFrame({ id: 'jsonHeaderNotObject', hintId: 'jsonHeader', params: { offset: this.offset, keys: BODY_SIZE_KEYS.join(', ') } })
    }
    return parsed as Record<string, unknown>
  }
}

function bodySize(meta: Record<string, unknown>, offset: number): number {
  for (const key of BODY_SIZE_KEYS) {
    if (!(key in meta)) continue
    const v = meta[key]
    if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return v
    throw badFrame({ id: 'jsonHeaderBadSize', hintId: 'jsonHeader', params: { offset, key, value: JSON.stringify(v), keys: BODY_SIZE_KEYS.join(', ') } })
  }
  throw badFrame({ id: 'jsonHeaderNoSize', hintId: 'jsonHeader', params: { offset, keys: BODY_SIZE_KEYS.join(', ') } })
}


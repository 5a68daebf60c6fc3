import { CodecError } from '../errors'
import type { ChunkQueue } from './chunk-queue'
import type { IntField } from './types'

/** Reads a length field from the front of the queue (which holds at least field.size bytes). */
export function readField(queue: ChunkQueue, field: IntField): number {
  const { size, endian, signed } = field
  if (size === 8) {
    // Two 32-bit halves: a Number is exact up to 2^53, and anything near that is too big anyway.
    const be = endian === 'be'
    const a = read32(queue, be ? 0 : 4, be)
    const b = read32(queue, be ? 4 : 0, be)
    const hi = signed ? a | 0 : a
    return hi * 0x1_0000_0000 + b
  }
  let v = 0
  for (let k = 0; k < size; k++) v = v * 256 + queue.byteAt(endian === 'be' ? k : size - 1 - k)
  if (signed && v >= 2 ** (size * 8 - 1)) v -= 2 ** (size * 8)
  return v
}

function read32(queue: ChunkQueue, at: number, be: boolean): number {
  let v = 0
  for (let k = 0; k < 4; k++) v = v * 256 + queue.byteAt(at + (be ? k : 3 - k))
  return v
}

export function fieldMax(field: IntField): number {
  return field.size === 8 ? Number.MAX_SAFE_INTEGER : 2 ** (field.size * 8 - (field.signed ? 1 : 0)) - 1
}

export function writeField(out: Uint8Array, at: number, field: IntField, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > fieldMax(field)) {
    throw CodecError.of('EINVAL', { id: 'lengthDoesNotFit', params: { value, size: field.size, what: field.signed ? 'signed' : 'unsigned' } })
  }
  let v = value
  for (let k = field.size - 1; k >= 0; k--) {
    // Division rather than >>> keeps values above 2^32 exact for 8-byte fields.
    const byte = v % 256
    v = (v - byte) / 256
    out[at + (field.endian === 'be' ? k : field.size - 1 - k)] = byte
  }
}

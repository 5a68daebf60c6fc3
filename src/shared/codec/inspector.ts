export type InspectorType = 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'int64' | 'uint64' | 'float32' | 'float64'

export interface InspectorValue {
  type: InspectorType
  size: number
  /** null when fewer than `size` bytes follow the offset. 64-bit integers are bigint, exactly. */
  le: number | bigint | null
  be: number | bigint | null
}

const TYPES: readonly { type: InspectorType; size: number; read: (v: DataView, at: number, le: boolean) => number | bigint }[] = [
  { type: 'int8', size: 1, read: (v, at) => v.getInt8(at) },
  { type: 'uint8', size: 1, read: (v, at) => v.getUint8(at) },
  { type: 'int16', size: 2, read: (v, at, le) => v.getInt16(at, le) },
  { type: 'uint16', size: 2, read: (v, at, le) => v.getUint16(at, le) },
  { type: 'int32', size: 4, read: (v, at, le) => v.getInt32(at, le) },
  { type: 'uint32', size: 4, read: (v, at, le) => v.getUint32(at, le) },
  { type: 'int64', size: 8, read: (v, at, le) => v.getBigInt64(at, le) },
  { type: 'uint64', size: 8, read: (v, at, le) => v.getBigUint64(at, le) },
  { type: 'float32', size: 4, read: (v, at, le) => v.getFloat32(at, le) },
  { type: 'float64', size: 8, read: (v, at, le) => v.getFloat64(at, le) }
]

export const INSPECTOR_TYPES: readonly InspectorType[] = TYPES.map((t) => t.type)

/** Every numeric reading of the bytes at `offset`, little- and big-endian, as a data inspector shows them. */
export function inspectAt(bytes: Uint8Array, offset: number): InspectorValue[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  return TYPES.map(({ type, size, read }) => {
    const fits = Number.isInteger(offset) && offset >= 0 && offset + size <= bytes.length
    return { type, size, le: fits ? read(view, offset, true) : null, be: fits ? read(view, offset, false) : null }
  })
}

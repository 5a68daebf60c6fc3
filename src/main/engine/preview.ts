// Previews travel to the window with every data event. A view into a socket's 64 KiB chunk would
// carry the whole chunk across IPC (structured clone copies a view's entire backing store), so a
// preview of anything but a small, self-contained chunk is copied. Copies are cut from a shared
// arena rather than allocated one by one: an allocation per chunk cost more than the copy itself,
// and views of one arena in a batch are cloned as one buffer.

const ARENA_BYTES = 256 * 1024

/**
 * The preview of an event as it is built: the engine fills it in only for receivers that take the
 * event one by one, and a frame built only for the capture keeps it (the capture keeps its own).
 */
export const NO_PREVIEW = new Uint8Array(0)

let arena = new Uint8Array(ARENA_BYTES)
let used = 0

export function previewOf(bytes: Uint8Array, max: number): Uint8Array {
  if (bytes.byteLength <= max && bytes.byteOffset === 0 && bytes.buffer.byteLength === bytes.byteLength) return bytes
  const n = Math.min(max, bytes.byteLength)
  if (used + n > ARENA_BYTES) {
    // A fresh, zeroed arena: the old one lives on in the previews cut from it, and nothing but
    // previews is ever written into either.
    arena = new Uint8Array(ARENA_BYTES)
    used = 0
  }
  const out = arena.subarray(used, used + n)
  out.set(bytes.subarray(0, n))
  used += n
  return out
}

// What this machine charges for memory a process touches for the first time, measured in a fresh
// process as the bench's near ends are. The capture keeps up to 256 MiB in a ring allocated as it
// fills, so the first 256 MiB of any capture pay this, as does any tool that keeps what it reads.
// On a virtual machine whose memory the host backs lazily it can cost more than the transfer
// itself: read every capture-on row beside it. Prints one line of JSON: { freshMs, againMs }.
const SLAB = 1024 * 1024
const MIB = Number(process.argv[2] ?? 256)

/** Fills the slabs 16 KiB at a time, as a capture of TLS records does; elapsed ms. */
function fill(slabs, piece) {
  const t0 = performance.now()
  for (const slab of slabs) for (let at = 0; at < SLAB; at += piece.length) slab.set(piece, at)
  return performance.now() - t0
}

const piece = Buffer.alloc(16 * 1024, 0x5a)
const slabs = Array.from({ length: MIB }, () => Buffer.allocUnsafeSlow(SLAB))
const freshMs = fill(slabs, piece)
const againMs = fill(slabs, piece)
process.stdout.write(JSON.stringify({ freshMs, againMs }) + '\n')

// A one-line progress bar on stderr for file sends, only when stderr is a terminal.
export interface Progress {
  update(done: number): void
  finish(): void
}

export function createProgress(total: number, label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { update: () => undefined, finish: () => undefined }
  const start = performance.now()
  let last = 0
  const draw = (done: number): void => {
    const width = 30
    const ratio = total > 0 ? Math.min(1, done / total) : 1
    const filled = Math.round(ratio * width)
    const seconds = (performance.now() - start) / 1000
    const rate = seconds > 0 ? done / seconds / 1e6 : 0
    stream.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(ratio * 100).toFixed(0).padStart(3)}%  ${(done / 1e6).toFixed(1)} MB  ${rate.toFixed(1)} MB/s `)
  }
  return {
    update(done) {
      const now = performance.now()
      if (now - last < 100) return
      last = now
      draw(done)
    },
    finish() {
      draw(total)
      stream.write('\n')
    }
  }
}

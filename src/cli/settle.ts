// The engine's event pump runs on unref'd timers so it never holds a process open. A command that
// waits for events (a reply, a close) keeps the process alive itself until it is done, and before
// closing gives the last batches time to arrive so nothing received is left unprinted.
export function settle(ms = 40): Promise<void> {
  return new Promise((r) => setTimeout(r, ms))
}

/** Holds the event loop open until the returned function is called. */
export function keepAlive(): () => void {
  const timer = setInterval(() => undefined, 1 << 30)
  return () => clearInterval(timer)
}

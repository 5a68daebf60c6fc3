// The engine's event pump runs on unref'd timers so it never holds a process open. A command that
// waits for events (a reply, a close) keeps the process alive itself until it is done.
export function keepAlive(): () => void {
  const timer = setInterval(() => undefined, 1 << 30)
  return () => clearInterval(timer)
}

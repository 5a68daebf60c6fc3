// The far end of each engine bench, run as its own plain Node process: a real peer is another
// process, and a peer in the measured process would take the measured thread's time (and capture
// every byte twice). The same far end faces the plain Node baseline and the engine alike.
//
// Protocol: argv is a mode and its numbers; the child prints "ready" once connected or set up,
// starts on a line from the parent, and prints one line of JSON when done.
const net = require('node:net')
const tls = require('node:tls')
const dgram = require('node:dgram')
const readline = require('node:readline')

const [mode, ...rest] = process.argv.slice(2)
const args = rest.map(Number)
const lines = readline.createInterface({ input: process.stdin })
const nextLine = () => new Promise((resolve) => lines.once('line', resolve))
// The parent ends the child with "stop" (or by closing stdin) whatever it is doing.
lines.on('line', (l) => l === 'stop' && process.exit(0))
lines.on('close', () => process.exit(0))
const say = (obj) => process.stdout.write(JSON.stringify(obj) + '\n')

function connect(port, noDelay) {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: '127.0.0.1', port, noDelay }, () => resolve(s))
    s.once('error', reject)
  })
}

/** Writes `bytes` in fresh `chunk`-sized buffers (as reading a file gives), with backpressure. */
async function pour(s, bytes, chunk) {
  for (let sent = 0; sent < bytes; sent += chunk) {
    if (!s.write(Buffer.allocUnsafe(Math.min(chunk, bytes - sent)))) await new Promise((r) => s.once('drain', r))
  }
}

/** Sends `warm` bytes untimed (to reach a steady state), then `total` bytes once told to go. */
async function bulkSend([port, total, chunk, warm]) {
  const s = await connect(port, false)
  await pour(s, warm || 0, chunk)
  say({ ready: true })
  await nextLine()
  await pour(s, total, chunk)
  s.end(() => say({ sent: total }))
}

/** The same over TLS: a plain Node TLS client that trusts the bench's own certificate blindly. */
async function tlsBulkSend([port, total, chunk, warm]) {
  const s = await new Promise((resolve, reject) => {
    const c = tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => resolve(c))
    c.once('error', reject)
  })
  await pour(s, warm || 0, chunk)
  say({ ready: true })
  await nextLine()
  await pour(s, total, chunk)
  s.end(() => say({ sent: total }))
}

/** Round trips of 64 bytes after a warm-up, one at a time; prints the sorted percentiles in µs. */
async function echoClient([port, samples, warmup]) {
  const s = await connect(port, true)
  const ping = Buffer.alloc(64, 0x61)
  let got = 0
  let wake
  s.on('data', (c) => {
    got += c.length
    if (got >= 64) wake()
  })
  say({ ready: true })
  await nextLine()
  const times = new Float64Array(samples)
  for (let i = 0; i < samples + warmup; i++) {
    got = 0
    const back = new Promise((r) => (wake = r))
    const t0 = process.hrtime.bigint()
    s.write(ping)
    await back
    if (i >= warmup) times[i - warmup] = Number(process.hrtime.bigint() - t0) / 1000
  }
  s.destroy()
  times.sort()
  const at = (q) => times[Math.min(samples - 1, Math.floor(samples * q))]
  say({ p50: at(0.5), p99: at(0.99) })
}

/** Paces `rate` datagrams of 64 bytes a second for `seconds`, catching up on every turn of the loop. */
async function udpSend([port, rate, seconds]) {
  const s = dgram.createSocket('udp4')
  const payload = Buffer.alloc(64, 0x62)
  const total = rate * seconds
  say({ ready: true })
  await nextLine()
  const t0 = performance.now()
  let sent = 0
  const tick = () => {
    const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * rate))
    while (sent < due) {
      s.send(payload, port, '127.0.0.1')
      sent++
    }
    if (sent < total) setImmediate(tick)
    else setTimeout(() => (say({ sent }), s.close()), 200)
  }
  tick()
}

/**
 * Opens `count` connections, at most 3000 handshakes in flight: a burst beyond the accept queue
 * drops SYNs, and a dropped SYN waits a full second for its retry, which would time the kernel.
 */
async function connectMany([port, count]) {
  const sockets = []
  say({ ready: true })
  await nextLine()
  let started = 0
  let connected = 0
  const more = () => {
    while (started < count && started - connected < 3000) {
      started++
      const s = net.connect({ host: '127.0.0.1', port }, () => {
        connected++
        if (connected === count) say({ connected })
        else more()
      })
      s.on('error', (e) => process.stderr.write(String(e) + '\n'))
      sockets.push(s)
    }
  }
  more()
}

const modes = { 'bulk-send': bulkSend, 'tls-bulk-send': tlsBulkSend, 'echo-client': echoClient, 'udp-send': udpSend, 'connect-many': connectMany }
modes[mode](args).catch((err) => {
  process.stderr.write(String(err && err.stack) + '\n')
  process.exit(1)
})

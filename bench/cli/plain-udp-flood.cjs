// Baseline for the UDP generator: plain Node dgram sending COUNT 64-byte datagrams with at most 64
// in flight, the same window the CLI uses.
const dgram = require('node:dgram')

const [port, count] = process.argv.slice(2).map(Number)
const socket = dgram.createSocket('udp4')
const payload = Buffer.alloc(64, 0x61)
let sent = 0
let inFlight = 0
const start = performance.now()
socket.connect(port, '127.0.0.1', () => {
  const pump = () => {
    while (inFlight < 64 && sent + inFlight < count) {
      inFlight++
      socket.send(payload, (err) => {
        inFlight--
        if (!err) sent++
        if (sent + inFlight < count) pump()
        else if (inFlight === 0) done()
      })
    }
  }
  pump()
})
function done() {
  const seconds = (performance.now() - start) / 1000
  console.log(JSON.stringify({ event: 'summary', sent, seconds, rate: sent / seconds }))
  socket.close()
}

// Baseline for `socket-lab send --file`: plain Node streaming a file into a TCP socket.
const { createReadStream } = require('node:fs')
const { connect } = require('node:net')

const [port, file] = process.argv.slice(2)
const socket = connect(Number(port), '127.0.0.1', () => {
  createReadStream(file, { highWaterMark: 256 * 1024 }).pipe(socket)
})
socket.on('close', () => process.exit(0))

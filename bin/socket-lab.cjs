#!/usr/bin/env node
// Entry of the socket-lab command: runs the built CLI bundle.
const { existsSync } = require('node:fs')
const { join } = require('node:path')

const cli = join(__dirname, '..', 'out', 'main', 'cli.js')
if (!existsSync(cli)) {
  console.error('socket-lab is not built yet. Run `npm run build` in the Socket Lab folder, then try again.')
  process.exit(1)
}
require(cli)

// The real programs the tests talk to as peers, and the Debian package each comes from. This is the
// one list: `npm test` checks it and installs what is missing (as root, with apt-get), and a test that
// needs a tool asks for it here, so it fails saying what to install rather than skipping.
const { findOnPath } = require('./find-executable.cjs')

/** @type {readonly { command: string, debianPackage: string, usedFor: string }[]} */
const PEER_TOOLS = Object.freeze([
  { command: 'python3', debianPackage: 'python3', usedFor: 'the Python clients and servers of the interop tests' },
  { command: 'openssl', debianPackage: 'openssl', usedFor: 'TLS peers (s_server, s_client) and test certificates' },
  { command: 'socat', debianPackage: 'socat', usedFor: 'TCP, UDP and Unix-socket peers' },
  { command: 'tshark', debianPackage: 'tshark', usedFor: 'reading back the captures the app exports' },
  { command: 'packetsender', debianPackage: 'packetsender', usedFor: 'interop with Packet Sender' }
])

function peerTool(command) {
  const tool = PEER_TOOLS.find((t) => t.command === command)
  if (!tool) throw new Error(`${command} is not in the list of test peer tools (scripts/lib/peer-tools.cjs); add it there with its Debian package`)
  return tool
}

/** Where the tool is, or undefined. options as for findOnPath. */
function findPeerTool(command, options) {
  return findOnPath(peerTool(command).command, options)
}

/** The listed tools that are not on the PATH. */
function missingPeerTools(options) {
  return PEER_TOOLS.filter((t) => !findOnPath(t.command, options))
}

/** What to do about a missing tool, in one sentence. */
function installHint(command) {
  const tool = peerTool(command)
  return (
    `${tool.command} (used for ${tool.usedFor}) is not installed. On Debian or Ubuntu: ` +
    `sudo apt-get install ${tool.debianPackage}; elsewhere install ${tool.command} with your package manager. ` +
    '`npm test` installs it by itself when it runs as root on Debian.'
  )
}

module.exports = { PEER_TOOLS, findPeerTool, missingPeerTools, installHint }

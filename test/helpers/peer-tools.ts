// For a test that talks to a real program (socat, openssl, tshark...): where it is, or a failure that
// says what to install. Never a skip: `npm test` installs these on a fresh Debian machine, so a missing
// one is a broken setup to fix, not a test to leave out.
import { createRequire } from 'node:module'
import { join } from 'node:path'

interface PeerToolsModule {
  PEER_TOOLS: readonly { command: string; debianPackage: string; usedFor: string }[]
  findPeerTool(command: string, options?: { pathEnv?: string }): string | undefined
  installHint(command: string): string
}

const requireScript = createRequire(join(__dirname, '..', '..', 'scripts', 'lib', 'peer-tools.cjs'))
export const peerTools = requireScript('./peer-tools.cjs') as PeerToolsModule

/** The full path of a peer tool from scripts/lib/peer-tools.cjs; throws with what to install when it is missing. */
export function requirePeerTool(command: string, options?: { pathEnv?: string }): string {
  const found = peerTools.findPeerTool(command, options)
  if (!found) throw new Error(`This test needs ${command}. ${peerTools.installHint(command)}`)
  return found
}

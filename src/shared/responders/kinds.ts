// The responder kinds with their lines for menus and guides, apart from the responders themselves:
// a command line's help or a menu can list them without loading every responder.
import type { ResponderKind } from './types'

export interface ResponderLines {
  /** A line for a menu: what a peer gets. */
  description: string
  /** Where it comes from in the lessons, for a lab's guide. */
  lesson: string
}

export const RESPONDER_LINES: Record<ResponderKind, ResponderLines> = {
  echo: { description: 'Sends back every message unchanged.', lesson: 'the first echo server' },
  upper: { description: 'Sends back every message in upper case (ASCII letters only, as bytes.upper()).', lesson: 'conn.send(data.upper())' },
  fixed: { description: 'Answers every message with the same bytes.', lesson: "conn.send(b'hi')" },
  rules: {
    description: 'Answers by the first matching rule (exact, contains, regex, hex prefix): a reply after a delay, a close or a reset.',
    lesson: 'the smart replies of network debugging assistants'
  },
  time: { description: 'UDP time server: answers each datagram with the time in the strftime format it carried.', lesson: 'the UDP time server' },
  chat: { description: 'Chat: answers each message with the next line you type; bye ends it.', lesson: 'the TCP chat with bye' },
  command: {
    description: 'Simulated remote command: canned output of dir, ipconfig, ls, ps... raw, length-prefixed or with a JSON header. Runs nothing.',
    lesson: 'the remote command server and its sticky packets'
  },
  'file-server': { description: 'File server: stores uploads and serves downloads framed with a JSON header, reporting size and sha256.', lesson: 'file upload and download' }
}

export const RESPONDER_KIND_NAMES = Object.keys(RESPONDER_LINES) as ResponderKind[]

// Macros are a flag of what is kept: a composer's draft, a saved payload, the history, a sequence's
// step and a responder's reply all keep it through a workspace file.
import { describe, expect, it } from 'vitest'
import { readWorkspaceFile, workspaceFileText } from '../../../src/shared/workspace-file'
import type { WorkspaceDocument } from '../../../src/shared/schemas'

const layout = { sidebar: 280, inspector: 440, composer: 230 }
const draft = { mode: 'hex' as const, text: '01 {counter} {crc16}', encoding: 'utf-8', lineEnding: 'none' as const, framing: 'raw', checksum: 'none', macros: true }

describe('macros in a workspace file', () => {
  it('are kept wherever a payload is', () => {
    const doc: WorkspaceDocument = {
      version: 1,
      endpoints: [
        {
          id: 'e1',
          config: { kind: 'tcp-server', host: '127.0.0.1', port: 0, responder: { kind: 'fixed', reply: { format: 'escaped', text: 'ack {counter}\\n', macros: true } } },
          composer: draft
        },
        {
          id: 'e2',
          config: {
            kind: 'udp',
            host: '127.0.0.1',
            port: 0,
            responder: { kind: 'rules', rules: [{ match: { type: 'contains', payload: { format: 'text', text: 'x' } }, then: { type: 'reply', payload: { format: 'hex', text: '{len} 00 {crc32}', macros: true } } }] }
          }
        }
      ],
      savedPayloads: [{ ...draft, name: 'read' }],
      history: [draft, { ...draft, macros: false }],
      sequences: [{ name: 'poll', loops: 3, steps: [{ kind: 'payload', ...draft, delayMs: 100 }] }],
      layout
    }
    const got = readWorkspaceFile(workspaceFileText(doc), { layout })
    expect(got.notTaken).toEqual([])
    expect(got.workspace).toEqual(doc)
  })

  it('a file that says "macros" with something other than true or false has that part left out, saying where', () => {
    const doc = { version: 1, endpoints: [], savedPayloads: [{ ...draft, name: 'odd', macros: 'yes' }], history: [], layout }
    const got = readWorkspaceFile(JSON.stringify(doc), { layout })
    expect(got.workspace.savedPayloads).toEqual([])
    expect(got.notTaken).toEqual([expect.objectContaining({ part: 'savedPayload', label: 'odd', reason: 'invalid' })])
  })
})

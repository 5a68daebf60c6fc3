import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { readWorkspaceFile, workspaceFileText, WorkspaceFileError, WORKSPACE_FILE_KIND } from '../../src/shared/workspace-file'
import { workspaceDocument, WORKSPACE_LIMITS, type WorkspaceDocument } from '../../src/shared/schemas'

const layout = { sidebar: 280, inspector: 440, composer: 230 }
const draft = { mode: 'escaped' as const, text: 'hello\\n', encoding: 'utf-8', lineEnding: 'none' as const, framing: 'raw', checksum: 'none' }

const doc: WorkspaceDocument = {
  version: 1,
  endpoints: [
    { id: 'e1', config: { kind: 'tcp-server', name: 'echo', host: '127.0.0.1', port: 0, autoReply: { mode: 'upper' } }, lastPort: 40123, composer: draft },
    { id: 'e2', config: { kind: 'udp', host: '::1', port: 9999 }, display: { encoding: 'gbk', paused: true } }
  ],
  savedPayloads: [{ ...draft, mode: 'hex', text: '01 02', name: 'sensor', target: { transport: 'udp', host: '127.0.0.1', port: 5005 }, repeatSeconds: 2 }],
  history: [draft],
  lastUdpPort: 9999,
  layout: { sidebar: 300, inspector: 500, composer: 200 },
  selectedEndpointId: 'e2'
}

const read = (text: string) => readWorkspaceFile(text, { layout })

describe('workspace file', () => {
  it('reads back exactly what it wrote, in a versioned envelope', () => {
    const text = workspaceFileText(doc, new Date('2026-12-02T07:00:00Z'))
    const file = JSON.parse(text)
    expect(file).toMatchObject({ kind: WORKSPACE_FILE_KIND, version: 1, exportedAt: '2026-12-02T07:00:00.000Z' })
    const got = read(text)
    expect(got.workspace).toEqual(doc)
    expect(got.notTaken).toEqual([])
    expect(got.fromVersion).toBe(1)
  })

  it('reads the config folder workspace.json as it is, and its legacy shared draft', () => {
    const { endpoints, ...rest } = doc
    const legacy = { ...rest, endpoints: endpoints.map(({ composer: _c, ...e }) => e), draft }
    const got = read(JSON.stringify(legacy))
    expect(got.fromVersion).toBe(0)
    expect(got.workspace.draft).toEqual(draft)
    expect(got.notTaken).toEqual([])
  })

  it('takes what passes and lists the rest with the field and the reason', () => {
    const bad = {
      ...doc,
      endpoints: [
        doc.endpoints[0],
        { id: 'e3', config: { kind: 'tcp-server', name: 'too far', host: '127.0.0.1', port: 70000 } },
        { id: 'e4', config: { kind: 'tcp-server', name: 'fixed', host: '127.0.0.1', port: 0, autoReply: { mode: 'fixed', bytes: {} } } },
        { id: 'e5', config: { kind: 'warp-drive' } }
      ],
      savedPayloads: [{ name: 'no mode', text: 'x' }, ...doc.savedPayloads],
      layout: { sidebar: 5, inspector: 440, composer: 230 },
      theme: 'dark'
    }
    const got = read(workspaceFileText(bad as unknown as WorkspaceDocument))
    expect(got.workspace.endpoints.map((e) => e.config.name ?? e.config.kind)).toEqual(['echo', 'fixed'])
    expect(got.workspace.endpoints[1]!.config).not.toHaveProperty('autoReply')
    expect(got.workspace.savedPayloads.map((p) => p.name)).toEqual(['sensor'])
    expect(got.workspace.layout).toEqual(layout)
    expect(got.notTaken).toEqual([
      { part: 'field', label: 'theme', reason: 'unknown' },
      expect.objectContaining({ part: 'endpoint', index: 2, label: 'too far', reason: 'invalid', field: 'config.port' }),
      { part: 'endpoint', index: 3, label: 'fixed', reason: 'fixed-reply' },
      expect.objectContaining({ part: 'endpoint', index: 4, reason: 'invalid', field: 'config.kind' }),
      expect.objectContaining({ part: 'savedPayload', index: 1, label: 'no mode', reason: 'invalid' }),
      expect.objectContaining({ part: 'layout', reason: 'invalid', field: 'sidebar' })
    ])
  })

  it('carries sequences both ways; a file from before sequences is read without any', () => {
    const sequences: WorkspaceDocument['sequences'] = [
      {
        name: 'login',
        loops: 2,
        steps: [
          { kind: 'payload', ...draft, text: 'USER a\\r\\n', delayMs: 100 },
          { kind: 'saved', name: 'sensor', delayMs: 0 },
          { kind: 'payload', ...draft, mode: 'hex', text: 'de ad', framing: 'len:2', delayMs: 3_600_000 }
        ]
      },
      { name: 'empty', loops: 0, steps: [] }
    ]
    const withSequences = { ...doc, sequences }
    const got = read(workspaceFileText(withSequences))
    expect(got.workspace).toEqual(withSequences)
    expect(got.notTaken).toEqual([])
    // The config folder's workspace.json is checked by the same schema on load.
    expect(workspaceDocument.parse(JSON.parse(JSON.stringify(withSequences)))).toEqual(withSequences)

    const old = read(workspaceFileText(doc))
    expect(old.workspace).not.toHaveProperty('sequences')
    expect(old.notTaken).toEqual([])
    expect(workspaceDocument.safeParse(doc).success).toBe(true)
  })

  it('leaves out a sequence that does not pass, saying which and why, and takes the others', () => {
    const file = {
      ...doc,
      sequences: [
        { name: 'ok', loops: 1, steps: [{ kind: 'saved', name: 'sensor', delayMs: 5 }] },
        { name: 'negative', loops: 1, steps: [{ kind: 'saved', name: 'sensor', delayMs: -1 }] },
        { name: 'mystery', loops: 1, steps: [{ kind: 'macro', delayMs: 0 }] },
        { name: 'no loops', steps: [] }
      ]
    }
    const got = read(JSON.stringify(file))
    expect(got.workspace.sequences!.map((q) => q.name)).toEqual(['ok'])
    expect(got.notTaken).toEqual([
      expect.objectContaining({ part: 'sequence', index: 2, label: 'negative', reason: 'invalid', field: 'steps.0.delayMs' }),
      expect.objectContaining({ part: 'sequence', index: 3, label: 'mystery', reason: 'invalid', field: 'steps.0.kind' }),
      expect.objectContaining({ part: 'sequence', index: 4, label: 'no loops', reason: 'invalid', field: 'loops' })
    ])
    const notList = read(JSON.stringify({ ...doc, sequences: 'login' }))
    expect(notList.workspace.sequences).toEqual([])
    expect(notList.notTaken).toEqual([{ part: 'sequence', reason: 'invalid', detail: 'not a list' }])
  })

  it('keeps to the limits and says how many were left', () => {
    const many = { ...doc, history: Array.from({ length: WORKSPACE_LIMITS.history + 3 }, () => draft) }
    const got = read(JSON.stringify(many))
    expect(got.workspace.history).toHaveLength(WORKSPACE_LIMITS.history)
    expect(got.notTaken.filter((n) => n.reason === 'too-many')).toHaveLength(3)
  })

  it('refuses what is not a workspace, or is from a newer version, saying which', () => {
    const problem = (text: string): string | undefined => {
      try {
        read(text)
      } catch (err) {
        return err instanceof WorkspaceFileError ? err.problem : 'other'
      }
      return undefined
    }
    expect(problem('{')).toBe('not-json')
    expect(problem('[1,2]')).toBe('not-workspace')
    expect(problem('{"kind":"socket-lab-workspace"}')).toBe('not-workspace')
    expect(problem(JSON.stringify({ kind: WORKSPACE_FILE_KIND, version: 7, workspace: doc }))).toBe('newer')
    expect(problem(JSON.stringify({ ...doc, version: 2 }))).toBe('newer')
    expect(problem(' '.repeat(17 * 1024 * 1024))).toBe('too-big')
  })

  it('never takes anything the schema would refuse, whatever the JSON', () => {
    const leaf = fc.oneof(fc.integer({ min: -5, max: 70000 }), fc.string({ maxLength: 8 }), fc.boolean(), fc.constant(null))
    const anyJson = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(fc.constantFrom('kind', 'host', 'port', 'mode', 'text', 'name', 'config', 'id'), tie('value'), { maxKeys: 4 }))
    })).value
    fc.assert(
      fc.property(fc.record({ version: fc.constant(1), endpoints: fc.array(anyJson, { maxLength: 4 }), savedPayloads: fc.array(anyJson, { maxLength: 3 }), history: anyJson, layout: anyJson }), (raw) => {
        const got = read(JSON.stringify(raw))
        expect(workspaceDocument.safeParse(got.workspace).success).toBe(true)
        const listed = (Array.isArray(raw.endpoints) ? raw.endpoints.length : 0) - got.workspace.endpoints.length
        expect(got.notTaken.filter((n) => n.part === 'endpoint' && n.reason !== 'fixed-reply')).toHaveLength(listed)
      }),
      { numRuns: 200 }
    )
  })
})

import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { AppError, Result, SendResult } from '../../src/shared/api'
import { WORKSPACE_LIMITS } from '../../src/shared/schemas'
import { EndpointView } from '../../src/renderer/src/components/endpoints/EndpointView'
import { GeneratorPanel } from '../../src/renderer/src/components/generator/GeneratorPanel'
import { SequencePanel } from '../../src/renderer/src/components/sequences/SequencePanel'
import { useMacroSends } from '../../src/renderer/src/components/composer/macro-sends'
import { i18n } from '../../src/renderer/src/i18n'
import { stopAllRuns, useRuns } from '../../src/renderer/src/store/traffic-runs'
import { useUi } from '../../src/renderer/src/store/ui-store'
import { defaultDraft, useWorkspace } from '../../src/renderer/src/store/workspace-store'
import { connectedClient, endpoint, fakeApi, renderWithApi, resetStores } from './helpers'

const client = connectedClient()
const text = (b: Uint8Array) => new TextDecoder().decode(b)

type SendReq = { endpointId: string; bytes: Uint8Array; to?: unknown; waitMs?: number }

function recordingApi(answer: (req: SendReq, n: number) => Result<SendResult> = (req) => ({ ok: true, value: { bytes: req.bytes.length, seqs: [0] } })) {
  const sent: SendReq[] = []
  const send = vi.fn((req: SendReq) => {
    sent.push(req)
    return Promise.resolve(answer(req, sent.length))
  })
  return { api: fakeApi({ send }), sent }
}

describe('sequences panel', () => {
  beforeEach(() => {
    resetStores()
    useRuns.setState({ sequences: {}, generators: {} })
  })
  afterEach(() => {
    stopAllRuns()
    cleanup()
  })

  it('says what to do when there are no sequences, then when a new one has no steps', () => {
    renderWithApi(<SequencePanel ep={client} />, fakeApi())
    expect(screen.getByTestId('sequences-empty').textContent).toMatch(/New sequence/)
    fireEvent.click(screen.getByTestId('sequence-new'))
    expect(useWorkspace.getState().sequences).toEqual([{ name: 'Sequence', loops: 1, steps: [] }])
    expect(screen.getByTestId('sequence-no-steps')).toBeTruthy()
    expect((screen.getByTestId('sequence-play') as HTMLButtonElement).disabled).toBe(true)
  })

  it('builds steps from the composer, a saved payload and typed text, renames, and plays them in order twice', async () => {
    useWorkspace.setState({
      composers: { [client.id]: { ...defaultDraft(), text: 'one', lineEnding: 'lf' } },
      savedPayloads: [{ ...defaultDraft(), name: 'two', mode: 'hex', text: '74 77 6f' }]
    })
    const { api, sent } = recordingApi()
    renderWithApi(<SequencePanel ep={client} />, api)
    fireEvent.click(screen.getByTestId('sequence-new'))
    fireEvent.click(screen.getByTestId('sequence-add-composer'))
    fireEvent.change(screen.getByTestId('sequence-add-saved'), { target: { value: 'two' } })
    fireEvent.click(screen.getByTestId('sequence-add-empty'))
    const steps = screen.getAllByTestId('sequence-step')
    expect(steps).toHaveLength(3)
    fireEvent.change(within(steps[2]!).getByTestId('step-text'), { target: { value: 'three\\n' } })
    for (const s of screen.getAllByTestId('step-delay')) fireEvent.change(s, { target: { value: '0' } })
    // Each step says how many bytes it makes: the composer's line ending came with its text.
    expect(screen.getAllByTestId('step-bytes').map((e) => e.textContent)).toEqual(['4 bytes · LF (\\n)', '3 bytes', '6 bytes'])

    const name = screen.getByTestId('sequence-name')
    fireEvent.change(name, { target: { value: 'login' } })
    fireEvent.blur(name)
    fireEvent.change(screen.getByTestId('sequence-loops-mode'), { target: { value: 'times' } })
    expect(useWorkspace.getState().sequences[0]).toMatchObject({ name: 'login', loops: 2 })

    fireEvent.click(screen.getByTestId('sequence-play'))
    await waitFor(() => expect(screen.getByTestId('sequence-progress').dataset.state).toBe('done'))
    expect(sent.map((r) => text(r.bytes))).toEqual(['one\n', 'two', 'three\n', 'one\n', 'two', 'three\n'])
    // Each send may wait for a slow reader, and a client sends without a target.
    expect(sent.every((r) => r.endpointId === client.id && r.to === undefined && r.waitMs === 2000)).toBe(true)
    expect(screen.getByTestId('sequence-progress').textContent).toContain('6 sent')
  })

  it('a refused send stops the run and shows the error and where it stopped', async () => {
    const refused: AppError = { code: 'EBACKPRESSURE', message: 'The peer is not reading', hint: 'Read on the other side.' }
    const { api, sent } = recordingApi((req, n) => (n === 2 ? { ok: false, error: refused } : { ok: true, value: { bytes: req.bytes.length, seqs: [0] } }))
    useWorkspace.setState({ sequences: [{ name: 'q', loops: 0, steps: [{ kind: 'payload', ...defaultDraft(), text: 'a', delayMs: 0 }, { kind: 'payload', ...defaultDraft(), text: 'b', delayMs: 0 }] }] })
    renderWithApi(<SequencePanel ep={client} />, api)
    fireEvent.click(screen.getByTestId('sequence-play'))
    await waitFor(() => expect(screen.getByTestId('sequence-progress').dataset.state).toBe('failed'))
    expect(sent).toHaveLength(2)
    expect(screen.getByTestId('sequence-progress').textContent).toMatch(/step 2 of pass 1 after 1 sent/)
    expect(screen.getByTestId('sequence-progress').textContent).toContain('The peer is not reading')
  })

  it('Stop ends a sequence played until stopped; the steps cannot be edited while it plays', async () => {
    const { api, sent } = recordingApi()
    useWorkspace.setState({ sequences: [{ name: 'slow', loops: 0, steps: [{ kind: 'payload', ...defaultDraft(), text: 'x', delayMs: 60_000 }] }] })
    renderWithApi(<SequencePanel ep={client} />, api)
    fireEvent.click(screen.getByTestId('sequence-play'))
    await waitFor(() => expect(sent).toHaveLength(1))
    expect((screen.getByTestId('step-text') as HTMLTextAreaElement).disabled).toBe(true)
    expect(screen.getByTestId('sequence-progress').dataset.state).toBe('running')
    fireEvent.click(screen.getByTestId('sequence-stop'))
    await waitFor(() => expect(screen.getByTestId('sequence-progress').dataset.state).toBe('stopped'))
    expect(sent).toHaveLength(1)
    expect(screen.getByTestId('sequence-play')).toBeTruthy()
  })

  it('Ctrl+Enter plays and Escape stops, from any field of the sequence; the generator answers the same keys', async () => {
    const { api, sent } = recordingApi()
    useWorkspace.setState({
      sequences: [{ name: 'keys', loops: 0, steps: [{ kind: 'payload', ...defaultDraft(), text: 'k', delayMs: 60_000 }] }],
      composers: { [client.id]: { ...defaultDraft(), text: 'g' } }
    })
    const view = renderWithApi(<SequencePanel ep={client} />, api)
    fireEvent.keyDown(screen.getByTestId('step-delay'), { key: 'Enter', ctrlKey: true })
    await waitFor(() => expect(sent).toHaveLength(1))
    fireEvent.keyDown(screen.getByTestId('sequence-stop'), { key: 'Escape' })
    await waitFor(() => expect(screen.getByTestId('sequence-progress').dataset.state).toBe('stopped'))
    view.unmount()

    renderWithApi(<GeneratorPanel ep={client} />, api)
    fireEvent.change(screen.getByTestId('generator-pace-value'), { target: { value: '1' } })
    fireEvent.keyDown(screen.getByTestId('generator-count'), { key: 'Enter', metaKey: true })
    await waitFor(() => expect(sent).toHaveLength(2))
    fireEvent.keyDown(screen.getByTestId('generator-stop'), { key: 'Escape' })
    await waitFor(() => expect(screen.getByTestId('generator-summary').dataset.end).toBe('stopped'))
    expect(text(sent[1]!.bytes)).toBe('g')
  })

  it('fills in a step’s macros as it is sent, counting on from the composer’s sends', async () => {
    const { api, sent } = recordingApi()
    useWorkspace.setState({
      sequences: [{ name: 'numbered', loops: 2, steps: [{ kind: 'payload', ...defaultDraft(), text: 'n={counter};', macros: true, delayMs: 0 }, { kind: 'payload', ...defaultDraft(), text: 'plain {counter};', delayMs: 0 }] }]
    })
    renderWithApi(<SequencePanel ep={client} />, api)
    expect(screen.getAllByTestId('step-bytes')[0]!.textContent).toContain('Macros')
    fireEvent.click(screen.getByTestId('sequence-play'))
    await waitFor(() => expect(screen.getByTestId('sequence-progress').dataset.state).toBe('done'))
    expect(sent.map((r) => text(r.bytes))).toEqual(['n=1;', 'plain {counter};', 'n=2;', 'plain {counter};'])
    // The composer's next send goes on from there.
    expect(useMacroSends.getState().next[client.id]!.counter).toBe(3)
  })

  it('does not take a composer payload longer than the workspace keeps, and says why', () => {
    useWorkspace.setState({
      sequences: [{ name: 'big', loops: 1, steps: [] }],
      composers: { [client.id]: { ...defaultDraft(), text: 'x'.repeat(WORKSPACE_LIMITS.payloadChars + 1) } }
    })
    renderWithApi(<SequencePanel ep={client} />, fakeApi())
    const add = screen.getByTestId('sequence-add-composer') as HTMLButtonElement
    expect(add.disabled).toBe(true)
    expect(add.title).toContain('65,536 characters')
    // A step typed in stops at the same length.
    fireEvent.click(screen.getByTestId('sequence-add-empty'))
    expect(Number(screen.getByTestId('step-text').getAttribute('maxLength'))).toBe(WORKSPACE_LIMITS.payloadChars)
  })

  it('sets a step’s line ending, checksum, framing and macros under the step, and sends exactly those bytes', async () => {
    const { api, sent } = recordingApi()
    useWorkspace.setState({ sequences: [{ name: 'framed', loops: 1, steps: [{ kind: 'payload', ...defaultDraft(), text: 'hi', delayMs: 0 }] }] })
    renderWithApi(<SequencePanel ep={client} />, api)
    expect(screen.queryByTestId('step-format')).toBeNull()
    fireEvent.click(screen.getByTestId('step-format-toggle'))
    fireEvent.change(screen.getByTestId('step-line-ending'), { target: { value: 'crlf' } })
    fireEvent.change(screen.getByTestId('step-checksum'), { target: { value: 'sum8' } })
    fireEvent.change(screen.getByTestId('step-framing'), { target: { value: 'len:2' } })
    // h i CR LF, their 8-bit sum, under a two-byte length.
    expect(screen.getByTestId('step-bytes').textContent).toBe('7 bytes · CRLF (\\r\\n) · sum8 · len:2')
    fireEvent.click(screen.getByTestId('sequence-play'))
    await waitFor(() => expect(screen.getByTestId('sequence-progress').dataset.state).toBe('done'))
    expect([...sent[0]!.bytes]).toEqual([0, 5, 0x68, 0x69, 0x0d, 0x0a, (0x68 + 0x69 + 0x0d + 0x0a) & 0xff])
    fireEvent.click(screen.getByTestId('step-macros'))
    expect(useWorkspace.getState().sequences[0]!.steps[0]).toMatchObject({ macros: true, lineEnding: 'crlf', checksum: 'sum8', framing: 'len:2' })
  })

  it('names the step whose saved payload is gone instead of sending anything', () => {
    const { api, sent } = recordingApi()
    useWorkspace.setState({ sequences: [{ name: 'q', loops: 1, steps: [{ kind: 'payload', ...defaultDraft(), text: 'a', delayMs: 0 }, { kind: 'saved', name: 'deleted', delayMs: 0 }] }] })
    renderWithApi(<SequencePanel ep={client} />, api)
    fireEvent.click(screen.getByTestId('sequence-play'))
    expect(screen.getByTestId('sequence-problem').textContent).toContain('Step 2 names the saved payload “deleted”')
    expect(sent).toHaveLength(0)
  })

  it('refuses a name another sequence has, and a wait that is not a number is not saved', () => {
    useWorkspace.setState({ sequences: [{ name: 'a', loops: 1, steps: [{ kind: 'payload', ...defaultDraft(), text: 'x', delayMs: 5 }] }, { name: 'b', loops: 1, steps: [] }] })
    renderWithApi(<SequencePanel ep={client} />, fakeApi())
    fireEvent.change(screen.getByTestId('sequence-name'), { target: { value: 'b' } })
    fireEvent.blur(screen.getByTestId('sequence-name'))
    expect(screen.getByText('Another sequence is called “b”: pick another name.')).toBeTruthy()
    expect(useWorkspace.getState().sequences.map((q) => q.name)).toEqual(['a', 'b'])
    fireEvent.change(screen.getByTestId('step-delay'), { target: { value: '12x' } })
    expect(screen.getByTestId('step-delay').getAttribute('aria-invalid')).toBe('true')
    expect(useWorkspace.getState().sequences[0]!.steps[0]!.delayMs).toBe(5)
    fireEvent.change(screen.getByTestId('step-delay'), { target: { value: '3600001' } })
    expect(useWorkspace.getState().sequences[0]!.steps[0]!.delayMs).toBe(5)
  })

  it('reads in Chinese', async () => {
    await act(async () => {
      await i18n.changeLanguage('zh-CN')
    })
    renderWithApi(<SequencePanel ep={client} />, fakeApi())
    expect(screen.getByTestId('sequences-empty').textContent).toContain('还没有序列')
  })
})

describe('generator panel', () => {
  beforeEach(() => {
    resetStores()
    useRuns.setState({ sequences: {}, generators: {} })
  })
  afterEach(() => {
    stopAllRuns()
    cleanup()
  })

  it('asks for a payload first, and refuses a pace or count that is not one', () => {
    renderWithApi(<GeneratorPanel ep={client} />, fakeApi())
    expect(screen.getByTestId('generator-no-payload').textContent).toMatch(/Composer tab/)
    expect((screen.getByTestId('generator-start') as HTMLButtonElement).disabled).toBe(true)
    act(() => useWorkspace.setState({ composers: { [client.id]: { ...defaultDraft(), text: 'ping' } } }))
    expect((screen.getByTestId('generator-start') as HTMLButtonElement).disabled).toBe(false)
    fireEvent.change(screen.getByTestId('generator-pace-value'), { target: { value: '0' } })
    expect(screen.getByText('Type a pace above 0.')).toBeTruthy()
    expect((screen.getByTestId('generator-start') as HTMLButtonElement).disabled).toBe(true)
    fireEvent.change(screen.getByTestId('generator-pace-value'), { target: { value: '50' } })
    fireEvent.change(screen.getByTestId('generator-count'), { target: { value: '-1' } })
    expect((screen.getByTestId('generator-start') as HTMLButtonElement).disabled).toBe(true)
  })

  it('sends the composer’s framed payload count times to the chosen peer and sums up', async () => {
    const server = endpoint()
    useUi.getState().setTarget(server.id, { kind: 'peer', peerId: 'p7' })
    useWorkspace.setState({ composers: { [server.id]: { ...defaultDraft('len:2'), text: 'hi' } } })
    const { api, sent } = recordingApi()
    renderWithApi(<GeneratorPanel ep={server} />, api)
    expect(screen.getByTestId('generator-payload').textContent).toContain('4 bytes')
    fireEvent.change(screen.getByTestId('generator-pace'), { target: { value: 'fast' } })
    fireEvent.change(screen.getByTestId('generator-count'), { target: { value: '25' } })
    fireEvent.click(screen.getByTestId('generator-start'))
    await waitFor(() => expect(screen.getByTestId('generator-summary').dataset.end).toBe('done'))
    expect(sent).toHaveLength(25)
    expect(sent.every((r) => text(r.bytes) === '\u0000\u0002hi' && (r.to as { peerId: string }).peerId === 'p7')).toBe(true)
    expect(screen.getByTestId('generator-summary').textContent).toMatch(/^Done: sent 25 messages, 100 B in .* errors: 0\.$/)
  })

  it('with macros, makes each message as it is sent, one at a time, numbered on from the composer', async () => {
    let inFlight = 0
    let most = 0
    const sent: string[] = []
    const send = vi.fn(async (req: SendReq) => {
      most = Math.max(most, ++inFlight)
      sent.push(text(req.bytes))
      await new Promise((r) => setTimeout(r, 2))
      inFlight--
      return { ok: true, value: { bytes: req.bytes.length, seqs: [0] } }
    })
    const server = endpoint({ id: 'macro-ep' })
    useWorkspace.setState({ composers: { [server.id]: { ...defaultDraft(), text: 'msg {counter}\\n', macros: true } } })
    renderWithApi(<GeneratorPanel ep={server} />, fakeApi({ send }))
    fireEvent.change(screen.getByTestId('generator-pace'), { target: { value: 'fast' } })
    fireEvent.change(screen.getByTestId('generator-count'), { target: { value: '12' } })
    fireEvent.click(screen.getByTestId('generator-start'))
    await waitFor(() => expect(screen.getByTestId('generator-summary').dataset.end).toBe('done'))
    expect(sent).toEqual(Array.from({ length: 12 }, (_, i) => `msg ${i + 1}\n`))
    expect(most).toBe(1)
    expect(useMacroSends.getState().next[server.id]!.counter).toBe(13)
  })

  it('shows the live rate while running; Stop ends it with a summary; a refusal is counted and shown', async () => {
    let n = 0
    let failing = false
    const refused: AppError = { code: 'ENOTCONN', message: 'Not connected', hint: 'Connect first.' }
    const { api } = recordingApi((req) => (++n > 3 && failing ? { ok: false, error: refused } : { ok: true, value: { bytes: req.bytes.length, seqs: [0] } }))
    useWorkspace.setState({ composers: { [client.id]: { ...defaultDraft(), text: 'x' } } })
    renderWithApi(<GeneratorPanel ep={client} />, api)
    fireEvent.change(screen.getByTestId('generator-pace-value'), { target: { value: '200' } })
    fireEvent.change(screen.getByTestId('generator-count'), { target: { value: '0' } })
    fireEvent.click(screen.getByTestId('generator-start'))
    await waitFor(() => expect(screen.getByTestId('generator-live').textContent).toMatch(/^Sent [1-9]/), { timeout: 3000 })
    fireEvent.click(screen.getByTestId('generator-stop'))
    await waitFor(() => expect(screen.getByTestId('generator-summary').dataset.end).toBe('stopped'))
    expect(screen.getByTestId('generator-summary').textContent).toContain('errors: 0')

    failing = true
    n = 0
    fireEvent.click(screen.getByTestId('generator-start'))
    await waitFor(() => expect(screen.getByTestId('generator-summary').dataset.end).toBe('failed'))
    expect(screen.getByTestId('generator-summary').dataset.sent).toBe('3')
    // Sends started together to catch up with the pace may all be refused: each one counts.
    expect(screen.getByTestId('generator-summary').textContent).toMatch(/errors: [1-8]\./)
    expect(screen.getByTestId('generator-summary').textContent).toContain('Not connected')
  })
})

describe('bottom tabs', () => {
  beforeEach(resetStores)
  afterEach(cleanup)

  it('switches between the composer, sequences and the generator, keeping the composer mounted', () => {
    renderWithApi(<EndpointView ep={client} />, fakeApi())
    fireEvent.change(screen.getByTestId('composer-text'), { target: { value: 'kept' } })
    fireEvent.click(screen.getByTestId('tab-sequences'))
    expect(screen.getByTestId('sequence-panel')).toBeTruthy()
    expect(screen.getByTestId('composer').closest('[role="tabpanel"]')!.hasAttribute('hidden')).toBe(true)
    fireEvent.click(screen.getByTestId('tab-generator'))
    expect(screen.getByTestId('generator-payload').textContent).toContain('4 bytes')
    fireEvent.click(screen.getByTestId('tab-composer'))
    expect((screen.getByTestId('composer-text') as HTMLTextAreaElement).value).toBe('kept')
  })
})

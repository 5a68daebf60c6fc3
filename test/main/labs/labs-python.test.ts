// Each lab as a class runs it: its servers on loopback with the real engine, the lesson's Python
// program with python3, and the lab's steps judged from the events the engine sent.
import { afterEach, describe, expect, it } from 'vitest'
import { findLab, labEndpointConfig } from '../../../src/shared/labs'
import { text } from '../engine/helpers'
import { notDone, startLab, type LabRun } from './lab-runner'

let run: LabRun | undefined
afterEach(async () => {
  await run?.close()
  run = undefined
})

const lab = (id: string) => findLab(id)!

describe('labs against the lessons\u2019 Python programs', () => {
  it('tcp-hello: the client gets hi, and its close is the FIN the last step waits for', async () => {
    run = await startLab(lab('tcp-hello'))
    expect(notDone(run.status())).toEqual(['connect', 'message', 'answer', 'fin'])
    const py = await run.python('tcp_client.py')
    expect(await py.exited).toBe(0)
    expect(py.stdout().trim()).toBe("b'hi'")
    expect(notDone(await run.until())).toEqual([])
  })

  it('upper-echo: three rounds answered in upper case, Chinese unchanged', async () => {
    run = await startLab(lab('upper-echo'))
    const py = await run.python('upper_client.py')
    expect(await py.exited).toBe(0)
    expect(py.stdout()).toBe('recv: HELLO\nrecv: SOCKET LAB\nrecv: 你好, SERVER\n')
    expect(notDone(await run.until())).toEqual([])
  })

  it('accept-loop: the loop server makes the second client wait, the concurrent one does not', async () => {
    run = await startLab(lab('accept-loop'))
    const loop = await run.python('loop_clients.py')
    expect(await loop.exited).toBe(0)
    expect(loop.stdout()).toBe("first got b'ONE'\nsecond waits: the server is still busy with the first client\nsecond got b'TWO'\n")
    await run.until(['first', 'waiting', 'served-after'])
    expect(notDone(run.status())).toEqual(['concurrent'])
    const concurrent = await run.python('concurrent_clients.py')
    expect(await concurrent.exited).toBe(0)
    expect(concurrent.stdout()).toBe("first got b'ONE'\nsecond got b'TWO' at once\n")
    expect(notDone(await run.until())).toEqual([])
  })

  it('backlog: with listen(1) the second client waits and the third is refused', async () => {
    run = await startLab(lab('backlog'))
    const py = await run.python('three_clients.py')
    expect(await py.exited).toBe(0)
    expect(py.stdout()).toMatch(/^first got b'ONE'\nthird refused: .*\nsecond got b'TWO'\n$/)
    expect(notDone(await run.until())).toEqual([])
  })

  it('udp-chat: datagrams come with their sender, and answers sent back to it reach the client, whichever name it uses', async () => {
    run = await startLab(lab('udp-chat'))
    const server = run.roles.server!
    const py = await run.python('qq_client.py')
    const answered: string[] = []
    // Answer each datagram by hand, as the student does, to the address it came from.
    for (const reply of ['hi taibai', 'fine, thanks', 'hi Jack']) {
      const from = await waitForSender(run, server, answered.length + 1)
      await run.engine.send(server, from, text(reply))
      answered.push(reply)
    }
    expect(await py.exited).toBe(0)
    expect(py.stdout()).toMatch(/from \[127\.0\.0\.1:\d+\]: hi taibai/)
    expect(py.stdout()).toMatch(/from \[127\.0\.0\.1:\d+\]: hi Jack/)
    expect(notDone(await run.until())).toEqual([])
  })

  it('sticky-packets: three quick sends read at once, one long send in reads of 1024 bytes', async () => {
    run = await startLab(lab('sticky-packets'))
    // Whether the three sends stick depends on timing; a few runs are enough on loopback.
    for (let attempt = 0; attempt < 5 && !run.status().find((s) => s.stepId === 'sticky')!.done; attempt++) {
      const py = await run.python('sticky_client.py')
      expect(await py.exited).toBe(0)
      await run.until(['split'])
    }
    expect(notDone(run.status())).toEqual(['nagle'])
  })

  it('sticky-packets: Socket Lab\u2019s own client\u2019s quick writes read at once, matched to its writes', async () => {
    run = await startLab(lab('sticky-packets'))
    const client = run.roles.client!
    await run.engine.start(client)
    // A big write while the server is not reading yet fills the path; the small ones queue behind it.
    for (let attempt = 0; attempt < 5 && !run.status().find((s) => s.stepId === 'nagle')!.done; attempt++) {
      await Promise.all(Array.from({ length: 20 }, () => run!.engine.send(client, undefined, text('x'))))
      await new Promise((r) => setTimeout(r, 100))
    }
    expect(run.status().find((s) => s.stepId === 'nagle')?.done).toBe(true)
  })

  it('length-prefix: three struct.pack frames in one sendall come back apart', async () => {
    run = await startLab(lab('length-prefix'))
    const py = await run.python('struct_client.py')
    expect(await py.exited).toBe(0)
    expect(py.stdout()).toBe("12 b'Hello world!'\n38 b'afdkjhfdafklajflkhaslfjahfjkahflksafjl'\n23 b'length first, then data'\n")
    expect(notDone(await run.until())).toEqual([])
  })

  it('chat-bye: the scripted lines answer, the client says bye, and the server closes', async () => {
    run = await startLab(lab('chat-bye'))
    const py = await run.python('chat_client.py')
    expect(await py.exited).toBe(0)
    expect(py.stdout()).toContain('hello, this is the server')
    expect(py.stdout()).toContain('nice to meet you')
    expect(notDone(await run.until())).toEqual([])
    expect(run.recorder.of('responder-note').map((e) => e.note)).toEqual([{ kind: 'bye', from: 'peer' }])
  })

  it('chat-bye: past the script the server waits for what its user types', async () => {
    run = await startLab(lab('chat-bye'))
    const py = await run.python('chat_client.py', 'heldInput')
    for (const line of ['hi', 'how are you?', 'what now?']) py.type(line)
    await py.waitFor(/nice to meet you/)
    const peer = run.engine.peers(run.roles.server!)[0]!
    await new Promise((r) => setTimeout(r, 200))
    expect(py.stdout()).not.toContain('see you')
    run.engine.responderInput(run.roles.server!, peer.id, text('see you'))
    await py.waitFor(/see you/)
    py.type('bye')
    expect(await py.exited).toBe(0)
    expect(notDone(await run.until())).toEqual([])
  })

  it('address-in-use: bind fails while Socket Lab listens and in TIME_WAIT, SO_REUSEADDR binds, the server restarts on its port', async () => {
    run = await startLab(lab('address-in-use'))
    const server = run.roles.server!
    const port = run.addresses.server!.port
    const py = await run.python('reuse_addr.py', 'heldInput')
    await py.waitFor(/press Enter/)
    expect(py.stdout()).toContain('bind while Socket Lab listens: [Errno 98] Address already in use')
    expect(py.stdout()).toContain("b'bye'\nb''\n")
    await run.until(['talk', 'closed-first'])
    await run.engine.close(server)
    await run.until(['stopped'])
    py.type('')
    expect(await py.exited).toBe(0)
    expect(py.stdout()).toContain('SO_REUSEADDR = False -> [Errno 98] Address already in use')
    expect(py.stdout()).toContain('SO_REUSEADDR = True -> bind ok')
    const again = await run.engine.start(server)
    expect((again.local as { port: number }).port).toBe(port)
    expect(notDone(await run.until())).toEqual([])
  })

  it('udp-time: formats, the empty datagram\u2019s default, and three answers', async () => {
    run = await startLab(lab('udp-time'))
    const py = await run.python('time_client.py')
    expect(await py.exited).toBe(0)
    const answers = py.stdout().match(/now: .*/g) ?? []
    expect(answers).toHaveLength(3)
    expect(answers[0]).toMatch(/^now: \d{4} \d{2} \d{2}$/)
    expect(answers[1]).toMatch(/^now: \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/)
    expect(answers[2]).toMatch(/^now: \d{2}:\d{2}:\d{2}$/)
    expect(notDone(await run.until())).toEqual([])
  })

  it('file-transfer: the upload is stored whole, the download comes back with the same sha256', async () => {
    run = await startLab(lab('file-transfer'))
    const py = await run.python('file_client.py')
    expect(await py.exited).toBe(0)
    const sent = /sending 200000 bytes, sha256 ([0-9a-f]{64})/.exec(py.stdout())![1]
    expect(py.stdout()).toContain(`received 200000 bytes, sha256 ${sent}`)
    expect(py.stdout()).toContain('same file')
    expect(notDone(await run.until())).toEqual([])
    const notes = run.recorder.of('responder-note').map((e) => e.note)
    expect(notes).toContainEqual({ kind: 'upload', fileName: '1.mp4', size: 200000, sha256: sent })
  })

  it('remote-command: ps aux overflows recv(1024) into the next answer; with the length header it does not', async () => {
    run = await startLab(lab('remote-command'))
    const raw = await run.python('raw_client.py')
    expect(await raw.exited).toBe(0)
    await run.until(['command', 'long'])
    // The answer printed for pwd starts with what was left of ps aux, not with a directory.
    const rawAnswers = raw.stdout().split('>>: ').slice(1)
    expect(rawAnswers[0]!.length).toBeGreaterThan(1000)
    expect(rawAnswers[1]!.trimStart().startsWith('/')).toBe(false)
    const framed = await run.python('framed_client.py')
    expect(await framed.exited).toBe(0)
    const framedAnswers = framed.stdout().split('>>: ').slice(1)
    expect(framedAnswers[1]!.trim()).toMatch(/^\/\S*$/)
    expect(notDone(await run.until())).toEqual([])
  })

  it('timeouts: recv gives up on the silent server; Socket Lab\u2019s connect to a full listener times out', async () => {
    run = await startLab(lab('timeouts'))
    const py = await run.python('timeout_client.py')
    await run.until(['asked', 'gave-up'])
    const port = Number(/waits on port (\d+)/.exec(await py.waitFor(/waits on port \d+/))![1])
    expect(py.stdout()).toContain('recv timed out: the server never answered')
    // As in the window: the lab's client, aimed at the port the program printed.
    await run.engine.remove(run.roles.client!)
    const endpoint = lab('timeouts').endpoints.find((e) => e.role === 'client')!
    const client = await run.engine.open(labEndpointConfig(endpoint, { target: { host: '127.0.0.1', port } }), false)
    run.roles.client = client.id
    const failed = await run.engine.start(client.id).then(
      () => undefined,
      (err: { code: string }) => err
    )
    expect(failed?.code).toBe('ETIMEDOUT')
    expect(notDone(await run.until())).toEqual([])
  })
})

async function waitForSender(run: LabRun, endpointId: string, nth: number): Promise<{ host: string; port: number }> {
  const deadline = Date.now() + 10_000
  for (;;) {
    const ins = run.recorder.of('data').filter((e) => e.endpointId === endpointId && e.dir === 'in')
    const last = run.engine.get(endpointId).lastSender
    if (ins.length >= nth && last) return { host: last.address, port: last.port }
    if (Date.now() > deadline) throw new Error('no datagram came')
    await new Promise((r) => setTimeout(r, 10))
  }
}

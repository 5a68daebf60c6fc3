// The labs whose servers answer with responders beyond echo, upper and fixed: the time server,
// the chat with bye, the remote command and the file server, each against the lab's own Python
// program, its steps judged from the engine's events.
import { afterEach, describe, expect, it } from 'vitest'
import { findLab } from '../../../src/shared/labs'
import { notDone, startLab, type LabRun } from './lab-runner'

let run: LabRun | undefined
afterEach(async () => {
  await run?.close()
  run = undefined
})

const lab = (id: string) => findLab(id)!

describe('labs served by responders', () => {
  it('udp-time: the time server answers each format, and an empty datagram with %Y-%m-%d %X', async () => {
    run = await startLab(lab('udp-time'))
    const py = await run.python('time_client.py')
    expect(await py.exited).toBe(0)
    const answers = py.stdout().match(/now: .*/g) ?? []
    expect(answers).toHaveLength(3)
    expect(answers[1]).toMatch(/^now: \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/)
    expect(notDone(await run.until())).toEqual([])
  })

  it('chat-bye: the server\u2019s scripted lines answer, and the client\u2019s bye ends the chat', async () => {
    run = await startLab(lab('chat-bye'))
    const py = await run.python('chat_client.py')
    expect(await py.exited).toBe(0)
    expect(py.stdout()).toContain('hello, this is the server')
    expect(notDone(await run.until())).toEqual([])
  })

  it('remote-command: raw output sticks to the next command\u2019s, the length header reads it whole', async () => {
    run = await startLab(lab('remote-command'))
    const raw = await run.python('raw_client.py')
    expect(await raw.exited).toBe(0)
    const framed = await run.python('framed_client.py')
    expect(await framed.exited).toBe(0)
    expect(framed.stdout()).toContain('PID')
    expect(notDone(await run.until())).toEqual([])
  })

  it('file-transfer: the upload is stored and noted with its size and sha256', async () => {
    run = await startLab(lab('file-transfer'))
    const py = await run.python('file_client.py')
    expect(await py.exited).toBe(0)
    expect(notDone(await run.until())).toEqual([])
  })
})

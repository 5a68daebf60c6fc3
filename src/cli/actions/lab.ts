// `socket-lab lab [<id>]`: lists the guided labs, or runs one: its servers start with the engine,
// the lesson's Python program is printed with their address filled in, and each step is printed
// as the engine's events complete it.
import { mkdir, writeFile } from 'node:fs/promises'
import { createInterface, type Interface } from 'node:readline'
import { join } from 'node:path'
import { isIP } from '../../shared/address'
import type { PeerInfo, SocketAddress } from '../../shared/api'
import { fillProgram, findLab, inLanguage, LABS, trackLab, type Lab, type LabLanguage, type LabStep } from '../../shared/labs'
import { createEngine, type Engine } from '../../main/engine'
import { toAppError } from '../../shared/errors'
import { openLab } from '../../main/labs/open-lab'
import { keepAlive } from '../keep-alive'
import { UsageError } from '../usage-error'

export interface LabOptions {
  list?: boolean
  port?: number
  host?: string
  lang?: string
  savePrograms?: string
  exitWhenDone?: boolean
  timeout?: number
}

/** Where the command writes; a test passes its own. */
export interface LabOutput {
  line(text: string): void
}

const stdout: LabOutput = { line: (text) => void process.stdout.write(`${text}\n`) }

function languageOf(lang: string | undefined): LabLanguage {
  if (lang === undefined || lang === 'en') return 'en'
  if (lang === 'zh-CN' || lang === 'zh' || lang === 'zh-cn') return 'zh-CN'
  throw new UsageError(`'${lang}' is not a language of the labs`, 'Use --lang en or --lang zh-CN.')
}

function hostOf(host: string | undefined): string {
  if (host === undefined) return '127.0.0.1'
  if (isIP(host) !== 4) {
    throw new UsageError(`'${host}' is not an IPv4 address`, 'The labs\u2019 Python programs use AF_INET as the lessons do: give an IPv4 address such as 127.0.0.1.')
  }
  return host
}

function labNamed(id: string): Lab {
  const lab = findLab(id)
  if (!lab) throw new UsageError(`there is no lab '${id}'`, `Labs: ${LABS.map((l) => l.id).join(', ')} (or their numbers 1 to ${LABS.length}); socket-lab lab --list shows them.`)
  return lab
}

function listLabs(language: LabLanguage, out: LabOutput): void {
  const width = Math.max(...LABS.map((l) => l.id.length))
  for (const lab of LABS) out.line(`${String(lab.order).padStart(2)}  ${lab.id.padEnd(width)}  ${inLanguage(lab.title, language)}`)
  out.line('')
  out.line('Run one with: socket-lab lab <id> (or its number)')
}

/** The command's own words, in both languages like the labs. */
const WORDS = {
  en: {
    lab: (n: number) => `Lab ${n}`,
    steps: 'Steps:',
    next: 'next',
    allDone: (n: number) => `All ${n} steps done.`,
    someDone: (done: number, n: number) => `${done} of ${n} steps done. Not yet:`,
    end: '(Ctrl+C ends the lab)',
    manual: 'start it from Socket Lab\u2019s window for the steps that use it',
    saved: (path: string) => `saved as ${path}: run python3 ${path}`,
    typeHere: 'Type a line here to answer as the chat server.',
    noClient: 'no client to answer yet: the line was not sent'
  },
  'zh-CN': {
    lab: (n: number) => `实验 ${n}`,
    steps: '步骤：',
    next: '下一步',
    allDone: (n: number) => `全部 ${n} 个步骤已完成。`,
    someDone: (done: number, n: number) => `完成了 ${done}/${n} 个步骤。还没有完成：`,
    end: '（按 Ctrl+C 结束实验）',
    manual: '需要它的步骤请在 Socket Lab 窗口中启动它',
    saved: (path: string) => `已保存为 ${path}：运行 python3 ${path}`,
    typeHere: '在这里输入一行，替聊天服务端回复。',
    noClient: '还没有客户端可以回复：这一行没有发出'
  }
} as const

const stepLine = (lab: Lab, step: LabStep, language: LabLanguage, mark: string): string => `  [${mark}] ${lab.steps.indexOf(step) + 1}. ${inLanguage(step.task, language)}`

/** `stop` ends the lab as Ctrl+C does (for a caller in the same process). */
export async function runLab(id: string | undefined, o: LabOptions, out: LabOutput = stdout, stop?: AbortSignal): Promise<void> {
  const language = languageOf(o.lang)
  if (o.list || id === undefined) {
    listLabs(language, out)
    return
  }
  const lab = labNamed(id)
  const host = hostOf(o.host)
  const say = (t: Parameters<typeof inLanguage>[0]): string => inLanguage(t, language)
  const words = WORDS[language]
  const engine = createEngine({ capture: false })
  const tracker = trackLab(lab)

  // A server without a responder does what the lessons' servers do when recv returns b'': closes
  // its side too (a responder decides that for itself).
  const silentServers = new Set<string>()
  const closeLikeTheLesson = (peer: PeerInfo): void => {
    if (silentServers.has(peer.endpointId)) void engine.endOutput(peer.endpointId, peer.id).catch(() => undefined)
  }

  let finish!: () => void
  const finished = new Promise<void>((r) => (finish = r))
  const subscription = engine.subscribe({
    autoAck: true,
    isOpen: () => true,
    deliver: (batch) => {
      for (const ev of batch.events) if (ev.type === 'peer-state' && ev.peer.state === 'peer-ended') closeLikeTheLesson(ev.peer)
      for (const step of tracker.feed(batch.events)) {
        out.line(stepLine(lab, step, language, 'x'))
        out.line(`      ${say(step.done)}`)
        const next = tracker.current()
        if (next) out.line(`      ${words.next}: ${say(next.task)}`)
        else {
          out.line(words.allDone(lab.steps.length))
          if (o.exitWhenDone) finish()
        }
      }
    }
  })

  const release = keepAlive()
  const timer = o.timeout === undefined ? undefined : setTimeout(finish, o.timeout * 1000)
  try {
    out.line(`${words.lab(lab.order)}: ${say(lab.title)}`)
    out.line('')
    out.line(say(lab.guide))
    out.line('')

    const { roles, addresses } = await openLab(engine, lab, { host, ...(o.port !== undefined ? { port: o.port } : {}) }, (endpoint, endpointId) => {
      tracker.bind(endpoint.role, endpointId)
      if (endpoint.start === 'auto' && !('responder' in endpoint.config && endpoint.config.responder)) silentServers.add(endpointId)
    })
    for (const endpoint of lab.endpoints) {
      const info = engine.get(roles[endpoint.role]!)
      if (endpoint.start === 'manual') {
        out.line(`${endpoint.role}: ${say(endpoint.title)} (${words.manual})`)
        continue
      }
      const local = info.local as SocketAddress
      out.line(`${endpoint.role}: ${info.kind === 'udp' ? 'udp' : 'tcp'} ${local.address}:${local.port}  ${say(endpoint.title)}`)
    }

    if (o.savePrograms !== undefined) await mkdir(o.savePrograms, { recursive: true })
    for (const program of lab.programs) {
      const source = fillProgram(program, addresses[program.target]!)
      out.line('')
      out.line(`--- ${program.fileName}: ${say(program.title)} ---`)
      out.line(source.trimEnd())
      out.line('---')
      if (o.savePrograms !== undefined) {
        const path = join(o.savePrograms, program.fileName)
        await writeFile(path, source)
        out.line(words.saved(path))
      }
    }

    out.line('')
    out.line(words.steps)
    for (const step of lab.steps) out.line(stepLine(lab, step, language, ' '))
    out.line(words.end)
    const typing = typeLinesToChat(lab, roles, engine, out, words)

    const end = (): void => finish()
    process.once('SIGINT', end)
    process.once('SIGTERM', end)
    stop?.addEventListener('abort', end)
    await finished
    process.off('SIGINT', end)
    process.off('SIGTERM', end)
    stop?.removeEventListener('abort', end)
    typing?.close()
    subscription.drain()
    const left = lab.steps.filter((s) => !tracker.status().find((t) => t.stepId === s.id)?.done)
    if (left.length > 0) {
      out.line(words.someDone(lab.steps.length - left.length, lab.steps.length))
      for (const step of left) {
        out.line(stepLine(lab, step, language, ' '))
        out.line(`      ${say(step.hint)}`)
      }
    }
  } finally {
    if (timer) clearTimeout(timer)
    subscription.close()
    await engine.closeAll()
    release()
  }
}

/**
 * A lab with a chat server: each line typed on stdin is the server user's input() for its latest
 * client, as `listen --responder chat` does.
 */
function typeLinesToChat(lab: Lab, roles: Record<string, string>, engine: Engine, out: LabOutput, words: (typeof WORDS)[LabLanguage]): Interface | undefined {
  const chat = lab.endpoints.find((e) => 'responder' in e.config && e.config.responder?.kind === 'chat')
  if (!chat || !process.stdin.readable) return undefined
  const endpointId = roles[chat.role]!
  out.line(words.typeHere)
  const typing = createInterface({ input: process.stdin, terminal: false })
  typing.on('line', (line) => {
    const latest = engine.peers(endpointId).filter((p) => p.state !== 'closed').at(-1)
    if (!latest) return out.line(words.noClient)
    try {
      engine.responderInput(endpointId, latest.id, new TextEncoder().encode(line))
    } catch (err) {
      const e = toAppError(err)
      out.line(`error: ${e.message} (${e.hint})`)
    }
  })
  return typing
}

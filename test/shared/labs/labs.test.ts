// The labs as data: every configuration parses with the real schemas, every text is in both
// languages, every program is Python once its address is filled in, and every lab's steps go
// from not done to done over the events a class would see.
import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { endpointConfig } from '../../../src/shared/schemas'
import { createResponder, responderConfig } from '../../../src/shared/responders'
import { evaluateLab, fillProgram, findLab, LAB_LANGUAGES, labEndpointConfig, LABS, trackLab, type Lab, type LabText, type StepCheck } from '../../../src/shared/labs'
import { roleIds, SCENARIOS } from './scenarios'

function textsOf(lab: Lab): [string, LabText][] {
  return [
    ['title', lab.title],
    ['summary', lab.summary],
    ['guide', lab.guide],
    ...lab.endpoints.map((e): [string, LabText] => [`endpoint ${e.role}`, e.title]),
    ...lab.programs.map((p): [string, LabText] => [`program ${p.fileName}`, p.title]),
    ...lab.steps.flatMap((s): [string, LabText][] => [
      [`step ${s.id} task`, s.task],
      [`step ${s.id} done`, s.done],
      [`step ${s.id} hint`, s.hint]
    ])
  ]
}

function checksOf(check: StepCheck): StepCheck[] {
  return check.kind === 'all' || check.kind === 'any' || check.kind === 'sequence' ? [check, ...check.checks.flatMap(checksOf)] : [check]
}

const rolesOf = (lab: Lab): string[] => lab.endpoints.map((e) => e.role)

describe('the labs', () => {
  it('has the thirteen labs of the course, in order, with distinct ids', () => {
    expect(LABS.map((l) => l.order)).toEqual(LABS.map((_, i) => i + 1))
    expect(LABS.length).toBeGreaterThanOrEqual(13)
    expect(new Set(LABS.map((l) => l.id)).size).toBe(LABS.length)
    for (const lab of LABS) expect(lab.id).toMatch(/^[a-z0-9-]+$/)
    expect(findLab('sticky-packets')?.order).toBe(9)
    expect(findLab('9')?.id).toBe('sticky-packets')
    expect(findLab('no-such-lab')).toBeUndefined()
  })

  it.each(LABS.map((l) => [l.id, l] as const))('%s: its endpoints parse with the engine\u2019s schemas and its responders compile', (_, lab) => {
    expect(lab.endpoints.some((e) => e.start === 'auto')).toBe(true)
    expect(new Set(rolesOf(lab)).size).toBe(lab.endpoints.length)
    for (const e of lab.endpoints) {
      expect(endpointConfig.safeParse(e.config).error).toBeUndefined()
      expect(endpointConfig.safeParse(labEndpointConfig(e, { host: '127.0.0.1', port: 0, target: { host: '127.0.0.1', port: 4000 } })).error).toBeUndefined()
      const responder = 'responder' in e.config ? e.config.responder : undefined
      if (responder) {
        expect(responderConfig.safeParse(responder).error).toBeUndefined()
        expect(() => createResponder(responder)).not.toThrow()
      }
      expect('autoReply' in e.config, 'responder, not the older autoReply').toBe(false)
      if (e.connectsTo !== undefined) expect(rolesOf(lab)).toContain(e.connectsTo)
      if (e.config.kind === 'tcp-server' || e.config.kind === 'udp') expect(e.config.port).toBe(0)
    }
  })

  it.each(LABS.map((l) => [l.id, l] as const))('%s: every text is there in English and in Chinese', (_, lab) => {
    for (const [where, t] of textsOf(lab)) {
      for (const language of LAB_LANGUAGES) expect(t[language]?.trim(), `${lab.id} ${where} in ${language}`).toBeTruthy()
      expect(t['zh-CN'], `${lab.id} ${where}`).toMatch(/[\u4e00-\u9fff]/)
      expect(t['zh-CN']).not.toBe(t.en)
    }
  })

  it.each(LABS.map((l) => [l.id, l] as const))('%s: steps name its endpoints, have distinct ids, and their patterns compile', (_, lab) => {
    expect(lab.steps.length).toBeGreaterThan(0)
    expect(new Set(lab.steps.map((s) => s.id)).size).toBe(lab.steps.length)
    for (const step of lab.steps) {
      for (const c of checksOf(step.check)) {
        if ('role' in c && c.role !== undefined) expect(rolesOf(lab), `${lab.id}/${step.id}`).toContain(c.role)
        if (c.kind === 'read-held' && c.from !== undefined) expect(rolesOf(lab)).toContain(c.from)
        if (c.kind === 'data' && c.pattern !== undefined) expect(() => new RegExp(c.pattern!)).not.toThrow()
      }
    }
    for (const p of lab.programs) expect(rolesOf(lab)).toContain(p.target)
  })

  it('every program is valid Python once {host} and {port} are filled in', () => {
    const programs = LABS.flatMap((lab) => lab.programs.map((p) => ({ name: `${lab.id}/${p.fileName}`, source: fillProgram(p, { host: '127.0.0.1', port: 50123 }) })))
    for (const p of programs) {
      expect(p.source, p.name).not.toMatch(/\{host\}|\{port\}/)
      expect(p.source, p.name).toContain('50123')
    }
    const check = spawnSync('python3', ['-c', 'import ast, json, sys\nfor p in json.load(sys.stdin):\n    try:\n        ast.parse(p["source"], p["name"])\n    except SyntaxError as e:\n        print(p["name"], e)'], {
      input: JSON.stringify(programs),
      encoding: 'utf8'
    })
    expect(check.error).toBeUndefined()
    expect(check.status).toBe(0)
    expect(check.stdout).toBe('')
  })

  it('a program is filled with the address it is given, every occurrence', () => {
    const qq = findLab('udp-chat')!.programs[0]!
    const filled = fillProgram(qq, { host: '127.0.0.2', port: 9000 })
    expect(filled.match(/\('127\.0\.0\.2', 9000\)/g)?.length).toBe(3)
  })
})

describe('each lab\u2019s steps over a class\u2019s events', () => {
  it.each(LABS.map((l) => [l.id, l] as const))('%s: no step is done before anything happens; all are done at the end, each at its own event', (_, lab) => {
    const script = SCENARIOS[lab.id]
    expect(script, `a scenario for ${lab.id}`).toBeDefined()
    const roles = roleIds(rolesOf(lab))
    expect(evaluateLab(lab, [], roles).every((s) => !s.done)).toBe(true)
    const events = script!().events
    const status = evaluateLab(lab, events, roles)
    expect(status.filter((s) => !s.done).map((s) => s.stepId)).toEqual([])
    // Done at some event, not from the start: dropping the events up to it undoes the step.
    for (const s of status) {
      expect(s.doneAt).toBeGreaterThan(0)
      const before = evaluateLab(lab, events.slice(0, s.doneAt), roles)
      expect(before.find((b) => b.stepId === s.stepId)?.done).toBe(false)
    }
  })

  it.each(LABS.map((l) => [l.id, l] as const))('%s: events of other endpoints do not count', (_, lab) => {
    const status = evaluateLab(lab, SCENARIOS[lab.id]!().events, Object.fromEntries(rolesOf(lab).map((r) => [r, `other-${r}`])))
    expect(status.every((s) => !s.done)).toBe(true)
  })

  it('a tracker fed batch by batch reports each step once, when it completes, and the next step to do', () => {
    const lab = findLab('tcp-hello')!
    const events = SCENARIOS['tcp-hello']!().events
    const tracker = trackLab(lab, roleIds(['server']))
    expect(tracker.current()?.id).toBe('connect')
    const ticks = events.map((e) => tracker.feed([e]).map((s) => s.id))
    expect(ticks.flat()).toEqual(['connect', 'message', 'answer', 'fin'])
    expect(tracker.current()).toBeUndefined()
    expect(() => tracker.bind('nobody', 'x')).toThrow(/no endpoint with the role nobody/)
  })
})

// `send --sequence NAME`: a sequence saved in a workspace, played from the command line step by
// step as the window plays it (the same bytes, waits and loops). The workspace is a file exported
// from the window, or by default the workspace.json that the browser shell and the CLI keep in
// their settings folder.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Engine } from '../main/engine/types'
import { userConfigDir } from '../main/config-dir'
import { WORKSPACE_FILE } from '../main/workspace-store'
import { SocketLabError, toAppError } from '../shared/errors'
import type { MacroContext } from '../shared/macros'
import { systemClock } from '../shared/responders/local-time'
import { WorkspaceFileError, readWorkspaceFile } from '../shared/workspace-file'
import { playSequence, type PlayOutcome } from '../shared/traffic/sequence-player'
import { resolveSteps, type RunStep } from '../shared/traffic/sequence-steps'
import type { Printer } from './printer'
import { UsageError } from './usage-error'

export interface SequenceFlags {
  sequence?: string
  workspace?: string
  loops?: number
}

export interface LoadedSequence {
  name: string
  /** Passes through the steps; 0 plays until stopped. */
  loops: number
  steps: RunStep[]
  /** One step with macros went out: the next fills in the next counter. */
  advance(): void
}

/** The layout is not used here; the reader wants one for files that lack it. */
const ANY_LAYOUT = { sidebar: 280, inspector: 420, composer: 240 }

const EXPORT_HINT = 'Give --workspace FILE: a workspace saved from the window (Workspace, then Export), or the workspace.json in its settings folder.'

function readWorkspace(path: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    throw new UsageError(`cannot read the workspace '${path}'`, EXPORT_HINT)
  }
}

/** Reads the workspace and makes the named sequence's steps, before any socket opens. */
export function loadSequence(name: string, flags: SequenceFlags, env: NodeJS.ProcessEnv = process.env): LoadedSequence {
  const path = flags.workspace ?? join(userConfigDir(env), WORKSPACE_FILE)
  let doc
  try {
    doc = readWorkspaceFile(readWorkspace(path), { layout: ANY_LAYOUT }).workspace
  } catch (err) {
    if (err instanceof WorkspaceFileError) throw new UsageError(`'${path}' is not a workspace: ${err.message}`, EXPORT_HINT)
    throw err
  }
  const sequences = doc.sequences ?? []
  const sequence = sequences.find((s) => s.name === name)
  if (!sequence) {
    const names = sequences.map((s) => `'${s.name}'`)
    throw new UsageError(
      `the workspace '${path}' has no sequence named '${name}'`,
      names.length > 0 ? `Its sequences: ${names.join(', ')}.` : "It has no sequences: make one in the window's Sequences tab, then play it from here."
    )
  }
  if (sequence.steps.length === 0) throw new UsageError(`the sequence '${name}' has no steps`, "Add steps in the window's Sequences tab.")
  // Each run counts its own sends, from 1, as a fresh composer does.
  let counter = 1
  const clock = systemClock()
  const macrosNow = (): MacroContext => ({ counter, time: clock.localtime(clock.now()), random: (n) => crypto.getRandomValues(new Uint8Array(n)) })
  const resolved = resolveSteps(sequence.steps, doc.savedPayloads, macrosNow)
  if (!resolved.ok) {
    const { problem } = resolved
    const which = `step ${problem.step + 1} of '${name}'`
    if (problem.kind === 'missing') throw new UsageError(`${which} plays the saved payload '${problem.name}', which the workspace does not have`, 'Save a payload by that name in the window, or change the step.')
    throw new UsageError(`${which} cannot be made: ${problem.error.message}`, problem.error.hint || 'Change the step in the window.')
  }
  return { name, loops: flags.loops ?? sequence.loops, steps: resolved.steps, advance: () => void counter++ }
}

/**
 * Plays the sequence from the endpoint, a line per step sent, until it ends, fails or Ctrl+C stops
 * it. A send the engine refuses ends the run with that error, naming the step.
 */
export async function playFromCli(engine: Engine, endpointId: string, seq: LoadedSequence, waitMs: number, printer: Printer): Promise<PlayOutcome> {
  const control = new AbortController()
  const stop = (): void => control.abort()
  process.once('SIGINT', stop)
  const started = performance.now()
  const passes = seq.loops === 0 ? 'until stopped' : `of ${seq.loops}`
  let outcome: PlayOutcome
  try {
    outcome = await playSequence(seq.steps, {
      loops: seq.loops,
      signal: control.signal,
      send: async (bytes) => {
        try {
          await engine.send(endpointId, undefined, bytes, { waitMs })
          return { ok: true, value: undefined }
        } catch (err) {
          return { ok: false, error: toAppError(err) }
        }
      },
      onSent: (at) => {
        if (seq.steps[at.step]!.macros) seq.advance()
        printer.print({ event: 'notice', endpoint: endpointId, message: `sent step ${at.step + 1} of ${seq.steps.length}, pass ${at.loop + 1} ${passes}`, extra: { sequence: seq.name, step: at.step + 1, pass: at.loop + 1 } })
      }
    })
  } finally {
    process.off('SIGINT', stop)
  }
  const seconds = (performance.now() - started) / 1000
  const said = outcome.status === 'done' ? 'played' : outcome.status === 'stopped' ? 'stopped' : 'failed'
  printer.print({
    event: 'summary',
    endpoint: endpointId,
    message: `${said} the sequence '${seq.name}': ${outcome.sent} ${outcome.sent === 1 ? 'send' : 'sends'} (${outcome.bytes} bytes) in ${seconds.toFixed(3)} s`,
    extra: { sequence: seq.name, status: outcome.status, sent: outcome.sent, bytes: outcome.bytes, seconds }
  })
  if (outcome.status === 'failed') {
    const { error, at } = outcome
    throw new SocketLabError(error.code, `step ${at.step + 1} of '${seq.name}' (pass ${at.loop + 1}) was not sent: ${error.message}`, error.hint, error)
  }
  return outcome
}

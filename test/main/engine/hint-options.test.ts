// A hint never names an option the user cannot find: every "Label" a hint quotes is a label of the
// new-endpoint form, and every --flag a hint or a usage error names is a flag of the command line.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { Command } from 'commander'
import { describe, expect, it } from 'vitest'
import { registerLab } from '../../../src/cli/commands/lab'
import { registerListen } from '../../../src/cli/commands/listen'
import { registerPackets } from '../../../src/cli/commands/packets'
import { registerRelay } from '../../../src/cli/commands/relay'
import { registerSend } from '../../../src/cli/commands/send'
import { registerServe } from '../../../src/cli/commands/serve'
import { en } from '../../../src/renderer/src/i18n/en'

const ROOT = join(__dirname, '..', '..', '..')

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : []
  })
}

/** The code of a file without its comments: only strings that can reach a user. */
function code(path: string): string {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => !/^\s*(\/\/|\*|\/\*)/.test(line))
    .join('\n')
}

/** Quoted phrases that are not options: words the OS or a peer says, quoted as such. */
const NOT_OPTIONS = new Set(['port unreachable'])

describe('the options hints name exist', () => {
  // The engine's hints are written in the error catalog.
  const engineFiles = [...sources(join(ROOT, 'src', 'main', 'engine')), join(ROOT, 'src', 'shared', 'messages', 'en.ts')]
  const cliFiles = sources(join(ROOT, 'src', 'cli')).filter((p) => !p.includes(`${join('cli', 'commands')}`))

  it('every label a hint quotes is a label of the new-endpoint form', () => {
    const labels = Object.entries(en.form)
      .filter(([key, value]) => typeof value === 'string' && !key.endsWith('Help'))
      .map(([, value]) => (value as string).toLowerCase())
    const quoted = new Set<string>()
    for (const file of engineFiles) {
      for (const m of code(file).matchAll(/\\?"([A-Za-z][A-Za-z ,'-]{2,40})\\?"/g)) {
        if (!NOT_OPTIONS.has(m[1]!)) quoted.add(m[1]!)
      }
    }
    expect(quoted.size).toBeGreaterThan(4)
    const missing = [...quoted].filter((q) => !labels.some((l) => l.startsWith(q.toLowerCase())))
    expect(missing, 'quoted in a hint, but no form label starts so').toEqual([])
  })

  it('every --flag a hint or a usage error names is a flag of socket-lab', () => {
    const program = new Command()
    registerSend(program)
    registerListen(program)
    registerServe(program)
    registerLab(program)
    registerPackets(program)
    registerRelay(program)
    // --help comes with every command.
    const flags = new Set(['--help', ...program.commands.flatMap((c) => c.options.map((o) => o.long)).filter((f): f is string => !!f)])
    const named = new Set<string>()
    for (const file of [...engineFiles, ...cliFiles]) {
      for (const m of code(file).matchAll(/(?<![\w-])(--[a-z][a-z0-9-]+)/g)) named.add(m[1]!)
    }
    expect(named.has('--half-open')).toBe(true)
    expect([...named].filter((f) => !flags.has(f))).toEqual([])
  })
})

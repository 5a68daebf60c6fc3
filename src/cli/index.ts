// The socket-lab command. Exit codes: 0 success, 1 runtime error (refused, reset, in use, too
// large...), 2 usage error (bad flag, bad hex, bad address). Errors go to stderr with their hint.
import { Command } from 'commander'
import { toAppError } from '../shared/errors'
import { APP_VERSION } from '../main/app-info'
import { registerInterfaces } from './commands/interfaces'
import { registerLab } from './commands/lab'
import { registerListen } from './commands/listen'
import { registerRelay } from './commands/relay'
import { registerPackets } from './commands/packets'
import { registerSend } from './commands/send'
import { registerServe } from './commands/serve'
import { UsageError } from './usage-error'

export function buildProgram(): Command {
  const program = new Command()
  program
    .name('socket-lab')
    .description('Socket Lab: TCP, UDP and Unix sockets you can see into')
    .version(APP_VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride((err) => {
      // Help and version exit 0; commander's own complaints (unknown flag, bad value) are usage errors.
      process.exit(err.exitCode === 0 ? 0 : 2)
    })
  registerSend(program)
  registerListen(program)
  registerRelay(program)
  registerServe(program)
  registerLab(program)
  registerPackets(program)
  registerInterfaces(program)
  return program
}

/** EINVAL from the engine means the options were refused before any socket was made: a usage error. */
function exitCodeOf(err: unknown): number {
  if (err instanceof UsageError) return 2
  return toAppError(err).code === 'EINVAL' ? 2 : 1
}

buildProgram()
  .parseAsync(process.argv)
  .catch((err: unknown) => {
    const e = toAppError(err)
    console.error(`error: ${e.code !== 'EUSAGE' && e.code !== 'EINTERNAL' ? `${e.code}: ` : ''}${e.message}`)
    console.error(`hint: ${e.hint}`)
    process.exitCode = exitCodeOf(err)
  })

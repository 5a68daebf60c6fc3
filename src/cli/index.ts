// The socket-lab command.
import { Command } from 'commander'
import { APP_VERSION } from '../main/app-info'
import { registerServe } from './commands/serve'

export function buildProgram(): Command {
  const program = new Command()
  program
    .name('socket-lab')
    .description('Socket Lab: TCP, UDP and Unix sockets you can see into')
    .version(APP_VERSION)
    .exitOverride((err) => {
      // Usage errors exit 2, as documented; help and version exit 0.
      process.exit(err.exitCode === 0 ? 0 : 2)
    })
  registerServe(program)
  return program
}

buildProgram()
  .parseAsync(process.argv)
  .catch((err: unknown) => {
    const e = err as { message?: string; hint?: string }
    console.error(`error: ${e.message ?? String(err)}`)
    if (e.hint) console.error(`hint: ${e.hint}`)
    process.exit(1)
  })

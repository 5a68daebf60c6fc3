// The `serve` command's flags; the work is loaded only when it runs.
import type { Command } from 'commander'
import type { ServeOptions } from '../actions/serve'
import { parsePortOption } from '../options'

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the Socket Lab window to a browser on this machine (loopback only by default)')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on (0 picks a free one)', parsePortOption, 0)
    .option('--open', 'open the URL in the default browser')
    .option('--allow-remote', 'allow a non-loopback --host (anyone who reaches it can drive sockets here)')
    .action(async (options: ServeOptions) => (await import('../actions/serve')).runServe(options))
}

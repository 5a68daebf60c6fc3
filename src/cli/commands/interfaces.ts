// The `interfaces` command: the machine's addresses, to bind to and to join multicast groups on.
import type { Command } from 'commander'

export function registerInterfaces(program: Command): void {
  program
    .command('interfaces')
    .description("list this machine's network addresses: where a socket can bind, and the interfaces to join multicast groups on")
    .option('--json', 'print one JSON object a line for every address')
    .action(async (options: { json?: boolean }) => (await import('../actions/interfaces')).runInterfaces(options))
}

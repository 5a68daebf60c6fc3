// The `packets` command's flags: Packet Sender's saved packets, listed or sent.
import type { Command } from 'commander'
import type { PacketsOptions } from '../actions/packets'
import { parseMillisOption } from '../options'

export function registerPackets(program: Command): void {
  program
    .command('packets')
    .description("list the packets of a Packet Sender file (its JSON export or packets.ini), or send one to its target")
    .argument('<file>', 'a Packet Sender JSON export or packets.ini')
    .option('-n, --send <name>', 'send the packet of that name to its saved address and port, as packetsender -n does')
    .option('-w, --wait <ms>', 'with --send: wait that long for replies and print them', parseMillisOption, 0)
    .option('-q, --quiet', 'with --send: print only the received payloads')
    .option('--json', 'one JSON object a line: the packets and what was left out, or the send\u2019s events')
    .action(async (file: string, options: PacketsOptions) => (await import('../actions/packets')).runPackets(file, options))
}

// The `listen` command's flags; the work is loaded only when it runs.
import type { Command } from 'commander'
import type { ListenOptions } from '../actions/listen'
import { responderHelp } from '../responder-help'
import { parseBacklogOption, parseCountOption, parseRecvSizeOption, parseSecondsOption } from '../options'

export function registerListen(program: Command): void {
  program
    .command('listen')
    .description('listen on a TCP, UDP or Unix socket and print what arrives; optionally answer')
    .argument('<transport>', 'tcp, udp or unix')
    .argument('<address>', 'port, host:port, [v6addr]:port, or a Unix socket path (a bare port listens on 127.0.0.1)')
    .option('--responder <kind>', 'answer by itself: echo, upper, fixed, rules, time, chat, command, file-server (listed below)')
    .option('--fixed <hex>', 'fixed: the reply, in hex')
    .option('--rules <file>', 'rules: a JSON file with the rules')
    .option('--time-format <fmt>', 'time: the strftime format an empty datagram gets (default %Y-%m-%d %X)')
    .option('--bye <word>', 'chat: the word that ends it (default bye)')
    .option('--say <line>', 'chat: a line to answer with before typed ones (repeat for more)', (v: string, all: string[] = []) => [...all, v])
    .option('--os <name>', 'command: windows (default) or linux')
    .option('--stage <stage>', 'command: raw (default), length or json-header')
    .option('--files <dir>', 'file-server: keep uploads in and serve downloads from this folder (default: in memory)')
    .option('--send-on-connect <name>', 'file-server: send this file to each client as it connects, then close (seed 004)')
    .option('--echo', 'send back what arrives')
    .option('--upper', 'send back what arrives in upper case (the lessons\u2019 first server)')
    .option('--reply <data>', 'answer everything with this data (text with escapes; -x for hex)')
    .option('-a, --text', '--reply data is text with escapes (the default)')
    .option('-A, --plain', '--reply data is plain text')
    .option('-x, --hex', '--reply data is hex')
    .option('--base64', '--reply data is base64')
    .option('--encoding <name>', 'text encoding for --reply and for printed text', 'utf-8')
    .option('--framing <spec>', 'decode frames (printed as frames; --echo answers frame by frame): raw, line, len:4, struct:i, json-header...')
    .option('--max-clients <n>', 'close connections beyond n at once', parseCountOption)
    .option('--backlog <n>', 'listen(n): connections the OS queues for the program; with --one-at-a-time, how many clients may wait', parseBacklogOption)
    .option('--one-at-a-time', 'TCP/Unix: serve one client at a time, like the lessons\u2019 accept loop; later clients wait unread, and past --backlog are reset')
    .option('--recv-size <bytes>', 'TCP/Unix: read at most that many bytes at a time, as recv(n) does (1 to 65536; default 65536)', parseRecvSizeOption)
    .option('--reuse-address', 'UDP: share the port with other sockets that set it (SO_REUSEADDR); TCP servers always set it here')
    .option('--ipv6-only', 'with an IPv6 address such as [::]:9000, take IPv6 only (IPV6_V6ONLY); without it :: takes IPv4 too')
    .option('--timeout <s>', 'exit after being idle that many seconds', parseSecondsOption)
    .option('--once', 'exit after the first client leaves')
    .option('--remove-stale', 'unix: remove a leftover socket file nobody answers on')
    .option('-4, --ipv4', 'a bare port listens on 127.0.0.1 (the default)')
    .option('-6, --ipv6', 'a bare port listens on ::1')
    .option('-q, --quiet', 'print only the received payloads')
    .option('--json', 'print one JSON object a line for every event')
    .option('--pcapng <file>', 'when listening ends, write what crossed (within the capture limit) as pcapng for Wireshark')
    .option('--save <file>', 'tcp/unix: save the bytes received, as they arrive (a second connection to <file>.2, ...)')
    .addHelpText('after', responderHelp)
    .action(async (transport: string, address: string, options: ListenOptions) => (await import('../actions/listen')).runListen(transport, address, options))
}

// The `send` command's flags; the work is loaded only when it runs.
import type { Command } from 'commander'
import type { SendOptions } from '../actions/send'
import { parseCountOption, parseMillisOption, parsePortOption, parseRateOption, parseRecvSizeOption, parseTimeoutMsOption, parseTtlOption } from '../options'

export function registerSend(program: Command): void {
  program
    .command('send')
    .description('connect to a TCP, UDP or Unix socket, send data, print the replies')
    .argument('<transport>', 'tcp, udp or unix')
    .argument('<target>', 'host:port, [v6addr]:port, or a Unix socket path')
    .argument('[data]', 'what to send (text with escapes such as \\n and \\xHH unless a format flag says otherwise)')
    .option('-a, --text', 'data is text with escapes: \\n \\r \\t \\0 \\\\ \\xHH \\uXXXX (the default)')
    .option('-A, --plain', 'data is plain text, no escapes')
    .option('-x, --hex', 'data is hex, e.g. "de ad be ef" or 0xDEADBEEF')
    .option('--base64', 'data is base64')
    .option('-f, --file <path>', 'send a file, streamed (a progress bar on a terminal)')
    .option('--encoding <name>', 'text encoding of the data and of printed replies', 'utf-8')
    .option('--eol <ending>', 'line ending added to the data: none, lf, crlf or cr', 'none')
    .option('--framing <spec>', 'frame what is sent and decode replies: raw, line, delim:0d0a, fixed:16, len:4, struct:i, json-header, slip...')
    .option('-w, --wait <ms>', 'wait that long for replies and print them', parseMillisOption, 0)
    .option('--until-close', 'TCP/Unix: after sending, end our side and print replies until the peer closes')
    .option('-b, --bind <port>', 'local port to send from', parsePortOption)
    .option('-B, --bind-ip <ip>', 'local address to send from')
    .option('-4, --ipv4', 'use IPv4 for host names')
    .option('-6, --ipv6', 'use IPv6 for host names')
    .option('--no-delay', 'TCP: disable Nagle, so each write leaves at once')
    .option('--connect-timeout <ms>', 'TCP/Unix: give up connecting after that long (default 10000)', parseTimeoutMsOption)
    .option('--recv-size <bytes>', 'TCP/Unix: read at most that many bytes at a time, as recv(n) does (1 to 65536; default 65536)', parseRecvSizeOption)
    .option('--half-open', 'TCP/Unix: stay connected after the peer\u2019s FIN, to keep sending (by default the client closes, as the lessons\u2019 client does when recv returns b\'\')')
    .option('--broadcast', 'UDP: allow sending to a broadcast address (SO_BROADCAST)')
    .option('--multicast-ttl <n>', 'UDP: hops a datagram to a group may travel (IP_MULTICAST_TTL): 0 stays on this machine, 1 on the local network', parseTtlOption)
    .option('--multicast-interface <iface>', 'UDP: send to a group out of the interface with this address (127.0.0.1; ::%lo for IPv6)')
    .option('--count <n>', 'send the data n times (as fast as the socket allows unless paced)', parseCountOption)
    .option('--rate <n>', 'messages per second', parseRateOption)
    .option('--bps <n>', 'bits per second', parseRateOption)
    .option('--interval <ms>', 'milliseconds between messages', parseMillisOption)
    .option('-q, --quiet', 'print only the received payloads, one a line (where a server listens, and errors, go to stderr)')
    .option('--raw', 'with -q: write the payloads exactly as received, nothing added between them')
    .option('--json', 'print one JSON object a line for every event')
    .option('--pcapng <file>', 'when done, write what crossed as pcapng for Wireshark')
    .action(async (transport: string, target: string, data: string | undefined, options: SendOptions) => (await import('../actions/send')).runSend(transport, target, data, options))
}

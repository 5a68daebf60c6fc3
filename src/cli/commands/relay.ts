// The `relay` command's flags; the work is loaded only when it runs.
import type { Command } from 'commander'
import type { RelayOptions } from '../actions/relay'
import { parseCountOption, parseMillisOption, parseRecvSizeOption, parseSecondsOption } from '../options'
import { parseDelayOption, parseFaultRateOption, parseSeedOption } from '../relay-options'

export function registerRelay(program: Command): void {
  program
    .command('relay')
    .description('listen, and forward every client to an upstream server, misbehaving on purpose if asked: split, join, delay, slow down, reset, drop')
    .argument('<transport>', 'tcp or udp')
    .argument('<address>', 'where to listen: port, host:port or [v6addr]:port (a bare port listens on 127.0.0.1; 0 picks a free one)')
    .requiredOption('--to <host:port|unix:path>', 'the upstream server each client is forwarded to: host:port, or unix:PATH for a Unix socket (TCP relay)')
    .option('--to-tls', 'TCP: speak TLS to the upstream, checking its certificate (clients still speak plain TCP to the relay)')
    .option('--insecure', 'with --to-tls: connect even when the upstream\u2019s certificate does not verify (self-signed, expired, another name)')
    .option('--ca <file>', 'with --to-tls: trust the certificates in this PEM file (a self-signed upstream\u2019s own certificate, or a CA)')
    .option('--servername <name>', 'with --to-tls: the name sent (SNI) and checked against the certificate (default: the host)')
    .option('--alpn <list>', 'with --to-tls: application protocols to offer, in order, e.g. h2,http/1.1')
    .option('--cert <file>', 'with --to-tls: a client certificate (PEM) to present, with --key')
    .option('--key <file>', 'with --to-tls: the client certificate\u2019s private key (PEM)')
    .option('--chunk <bytes>', 'TCP: split every write into pieces of at most that many bytes, each its own write', parseRecvSizeOption)
    .option('--coalesce <ms>', 'TCP: hold what arrives up to that many ms and write it together', parseCountOption)
    .option('--delay <ms|min-max>', 'delay every chunk or datagram by that many ms, or by a random latency in min-max; order is kept', parseDelayOption)
    .option('--bandwidth <bytes/s>', 'TCP: at most that many bytes a second each way', parseCountOption)
    .option('--reset-after <bytes>', 'TCP: reset the connection once that many bytes went one way (exactly those are forwarded)', parseMillisOption)
    .option('--reset-on <text>', 'TCP: reset the connection when this text goes by (it and what follows are not forwarded)')
    .option('--drop <rate>', 'UDP: drop datagrams at this rate (0 to 1, or a percentage)', parseFaultRateOption)
    .option('--duplicate <rate>', 'UDP: send datagrams twice at this rate', parseFaultRateOption)
    .option('--reorder <rate>', 'UDP: hold a datagram back behind the next at this rate', parseFaultRateOption)
    .option('--seed <n>', 'seed of the random draws (latency, drop, duplicate, reorder): the same seed, the same run', parseSeedOption)
    .option('--max-peers <n>', 'UDP: senders given an upstream socket at once (default 256)', parseCountOption)
    .option('--framing <spec>', 'decode frames each way: raw, line, len:4, struct:i, json-header...')
    .option('--encoding <name>', 'text encoding for printed text', 'utf-8')
    .option('--timeout <s>', 'exit after being idle that many seconds', parseSecondsOption)
    .option('--once', 'exit after the first client leaves')
    .option('-4, --ipv4', 'a bare port listens on 127.0.0.1 (the default)')
    .option('-6, --ipv6', 'a bare port listens on ::1')
    .option('-q, --quiet', 'print only the payloads, one a line (where the relay listens, and errors, go to stderr)')
    .option('--json', 'print one JSON object a line for every event')
    .option('--pcapng <file>', 'when the relay ends, write what crossed (within the capture limit) as pcapng for Wireshark')
    .action(async (transport: string, address: string, options: RelayOptions) => (await import('../actions/relay')).runRelay(transport, address, options))
}

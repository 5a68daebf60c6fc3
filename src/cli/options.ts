// Flag value parsers for commander, kept light: they load with every command.
// A bad value is a usage error (exit code 2).
import { InvalidArgumentError } from 'commander'
import { MAX_RECV_BUFFER, MIN_RECV_BUFFER, parseRecvBuffer } from '../shared/buffer-size'

export function parsePortOption(value: string): number {
  const n = Number(value)
  if (!/^\d+$/.test(value) || !Number.isInteger(n) || n < 0 || n > 65535) {
    throw new InvalidArgumentError(`'${value}' is not a port: use a number from 0 to 65535 (0 picks a free one).`)
  }
  return n
}

function wholeNumber(value: string, what: string, min: number): number {
  const n = Number(value)
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min) {
    throw new InvalidArgumentError(`'${value}' is not ${what}.`)
  }
  return n
}

export const parseMillisOption = (value: string): number => wholeNumber(value, 'a number of milliseconds (0 or more)', 0)
export const parseCountOption = (value: string): number => wholeNumber(value, 'a count (1 or more)', 1)
/** Passes through a sequence: 0 plays until stopped. */
export const parseLoopsOption = (value: string): number => wholeNumber(value, 'a number of passes (0 for until stopped)', 0)
export const parseSecondsOption = (value: string): number => wholeNumber(value, 'a number of seconds (1 or more)', 1)

export function parseRateOption(value: string): number {
  const n = Number(value)
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`'${value}' is not a rate: give a number above 0.`)
  return n
}

/** A read size, as recv(n) takes it: 1 byte to 64 KiB. */
export function parseRecvSizeOption(value: string): number {
  const n = Number(value)
  if (!/^\d+$/.test(value) || n < 1 || n > 65536) throw new InvalidArgumentError(`'${value}' is not a read size: give a number of bytes from 1 to 65536.`)
  return n
}

/** A UDP receive buffer size: bytes, or KiB and MiB with k or m after the number (1k to 256m). */
export function parseRecvBufferOption(value: string): number {
  const n = parseRecvBuffer(value)
  if (n === undefined) throw new InvalidArgumentError(`'${value}' is not a receive buffer size: give bytes from ${MIN_RECV_BUFFER} to ${MAX_RECV_BUFFER}, or a number with k or m (64k, 8m).`)
  return n
}

/** A connect timeout in milliseconds, 1 to 600000 (ten minutes). */
export function parseTimeoutMsOption(value: string): number {
  const n = Number(value)
  if (!/^\d+$/.test(value) || n < 1 || n > 600_000) throw new InvalidArgumentError(`'${value}' is not a timeout: give milliseconds from 1 to 600000.`)
  return n
}

/** A listen backlog, 1 to 65535. */
export function parseBacklogOption(value: string): number {
  const n = Number(value)
  if (!/^\d+$/.test(value) || n < 1 || n > 65535) throw new InvalidArgumentError(`'${value}' is not a backlog: give a number from 1 to 65535.`)
  return n
}

/** A multicast TTL (hop limit), 0 to 255: 0 keeps datagrams on this machine, 1 on the local link. */
export function parseTtlOption(value: string): number {
  const n = Number(value)
  if (!/^\d+$/.test(value) || n > 255) throw new InvalidArgumentError(`'${value}' is not a TTL: give a number of hops from 0 to 255 (0 stays on this machine, 1 on the local network).`)
  return n
}

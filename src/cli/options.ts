// Option parsers shared by the commands; a bad value is a usage error (exit code 2).
import { InvalidArgumentError } from 'commander'

export function parsePortOption(value: string): number {
  const n = Number(value)
  if (!/^\d+$/.test(value) || !Number.isInteger(n) || n < 0 || n > 65535) {
    throw new InvalidArgumentError(`'${value}' is not a port: use a number from 0 to 65535 (0 picks a free one).`)
  }
  return n
}

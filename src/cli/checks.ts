// Checks of combined options that need the codecs or the resolver; loaded only when a command runs.
import { lookup } from 'node:dns/promises'
import { isIP } from '../shared/address'
import { parseFramingSpec } from '../shared/codec'
import type { OutputMode } from './printer'
import { UsageError } from './usage-error'

export function checkFraming(spec: string | undefined): void {
  if (spec === undefined) return
  try {
    parseFramingSpec(spec)
  } catch (err) {
    const e = err as { message: string; hint?: string }
    throw new UsageError(e.message, e.hint ?? 'See --help for the framing specs.')
  }
}

export function outputMode(o: { quiet?: boolean; json?: boolean; raw?: boolean }): OutputMode {
  if (o.quiet && o.json) throw new UsageError('-q and --json exclude each other', 'Give one of them.')
  if (o.raw && !o.quiet) throw new UsageError('--raw goes with -q', 'Add -q to print only the payloads, exactly as received.')
  return o.json ? 'json' : o.quiet ? 'quiet' : 'human'
}

/** With -4 or -6, a host name becomes an address of that family; addresses pass as they are. */
export async function resolveFamily(host: string, family: 4 | 6 | undefined): Promise<string> {
  const kind = isIP(host)
  if (kind !== 0) {
    if (family && kind !== family) throw new UsageError(`${host} is not an IPv${family} address`, `Drop -${family} or give an IPv${family} address.`)
    return host
  }
  if (!family) return host
  try {
    return (await lookup(host, { family })).address
  } catch {
    throw Object.assign(new Error(`cannot find an IPv${family} address for ${host}`), {
      code: 'ENOTFOUND',
      hint: 'Check the name, or use an address such as 127.0.0.1 or ::1.'
    })
  }
}

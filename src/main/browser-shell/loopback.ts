// Where the shell may listen without --allow-remote: an address on loopback, or a name whose every
// address is on loopback. A name is resolved here, once, and the shell binds the address it got, so
// the name cannot point somewhere else by the time the socket is made ("127.attacker.example" is a
// name like any other, whatever it starts with).
import { lookup } from 'node:dns/promises'
import { isIP, isLoopbackAddress } from '../../shared/address'

/** Every address a name resolves to. */
export type Resolver = (host: string) => Promise<string[]>

const systemResolver: Resolver = async (host) => (await lookup(host, { all: true, verbatim: true })).map((a) => a.address)

export type LoopbackCheck =
  | { ok: true; address: string }
  | { ok: false; reason: 'not-loopback'; addresses: string[] }
  | { ok: false; reason: 'unresolved'; detail: string }

export async function resolveLoopback(host: string, resolve: Resolver = systemResolver): Promise<LoopbackCheck> {
  if (isIP(host) !== 0) return isLoopbackAddress(host) ? { ok: true, address: host } : { ok: false, reason: 'not-loopback', addresses: [host] }
  let addresses: string[]
  try {
    addresses = await resolve(host)
  } catch (err) {
    return { ok: false, reason: 'unresolved', detail: (err as { code?: string }).code ?? String(err) }
  }
  if (addresses.length === 0) return { ok: false, reason: 'unresolved', detail: 'no address' }
  if (!addresses.every(isLoopbackAddress)) return { ok: false, reason: 'not-loopback', addresses }
  return { ok: true, address: addresses[0]! }
}

/** What to tell a person whose host was refused, in the house's {message, hint} shape. */
export function describeRefusal(host: string, check: Exclude<LoopbackCheck, { ok: true }>): { message: string; hint: string } {
  if (check.reason === 'unresolved') {
    return {
      message: `cannot resolve ${host} (${check.detail})`,
      hint: 'Give an address such as 127.0.0.1 or ::1, or a name that resolves to loopback only, such as localhost.'
    }
  }
  const where = check.addresses.length === 1 && check.addresses[0] === host ? `${host} is` : `${host} resolves to ${check.addresses.join(', ')}, which is`
  return {
    message: `refusing to serve on ${host}: ${where} not only loopback`,
    hint: 'Anyone who reaches that address could open sockets from this machine. Use 127.0.0.1 and an SSH tunnel, or pass --allow-remote if you really mean it.'
  }
}

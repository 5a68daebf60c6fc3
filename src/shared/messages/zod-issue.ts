// A value that fails its schema, said through the error catalog: the field at fault and what was
// wrong with it (too big, too small, the wrong type, not one of the choices), so every language can
// say it. The schemas' own refinement messages map to catalog words.
import type { z } from 'zod'
import type { ErrorParams } from '../api'
import type { CatalogRef } from '../errors'

type Issue = z.ZodError['issues'][number]

/** The refinement messages of src/shared/schemas.ts, as catalog terms. */
const REFINEMENTS: Record<string, string> = {
  'host is not an IP address or a host name': 'hostInvalid',
  'not an IPv4 or IPv6 address': 'notAnIp',
  'path must not contain a NUL character': 'pathHasNul',
  'bytes must be a Uint8Array': 'notBytes',
  'a fixed auto reply is not kept in the workspace': 'fixedReplyNotKept',
  'port must be a number from 0 to 65535': 'portNumber',
  'port must be a whole number': 'portWhole',
  'port must be from 0 to 65535 (0 picks any free port)': 'portRange',
  'port must be from 1 to 65535 to reach a peer': 'remotePortRange',
  'host is empty: type an address such as 127.0.0.1, ::1 or localhost': 'hostEmpty',
  'host is longer than 253 characters': 'hostTooLong',
  'path is empty: give a file path such as /tmp/lab.sock (or \\\\.\\pipe\\name on Windows)': 'pathEmpty',
  'path is too long': 'pathTooLong',
  'name is empty': 'nameEmpty',
  'name is longer than 120 characters': 'nameTooLong',
  'recvSize must be a number of bytes from 1 to 65536': 'recvSizeNumber',
  'recvSize must be a whole number of bytes': 'recvSizeWhole',
  'recvSize must be from 1 to 65536 bytes': 'recvSizeRange',
  'the capture limit must be at least 1 MiB': 'captureLimitMin',
  'the capture limit must be at most 16 GiB': 'captureLimitMax'
}

function limitOf(value: unknown): string | number {
  return typeof value === 'bigint' ? value.toString() : typeof value === 'number' ? value : String(value)
}

/** The first issue of a failed parse, as a catalog error about `what` (a catalog term or a request's name). */
export function issueRef(error: z.ZodError, what: string): CatalogRef {
  const issue: Issue | undefined = error.issues[0]
  const field = issue && issue.path.length > 0 ? issue.path.join('.') : what
  const base: ErrorParams = { what, field }
  if (!issue) return { id: 'invalidOption', hintId: 'invalidOptions', params: { ...base, reason: 'invalidValue' } }
  // The schema's own words, where it has them: they say the whole range, not just the bound passed.
  const known = REFINEMENTS[issue.message]
  if (known !== undefined) return { id: 'invalidOption', hintId: 'invalidOptions', params: { ...base, reason: known } }
  switch (issue.code) {
    case 'too_big':
      return { id: 'invalidOptionTooBig', hintId: 'invalidOptions', params: { ...base, limit: limitOf(issue.maximum) } }
    case 'too_small':
      return { id: 'invalidOptionTooSmall', hintId: 'invalidOptions', params: { ...base, limit: limitOf(issue.minimum) } }
    case 'invalid_type':
      return { id: 'invalidOptionType', hintId: 'invalidOptions', params: { ...base, expected: String(issue.expected) } }
    case 'invalid_value':
      return { id: 'invalidOptionChoice', hintId: 'invalidOptions', params: { ...base, values: issue.values.map((v) => String(v)).join(', ') } }
    case 'unrecognized_keys':
      return { id: 'invalidOptionKeys', hintId: 'invalidOptions', params: { ...base, keys: issue.keys.join(', ') } }
    default:
      // A refinement the catalog does not know: zod's own words.
      return { id: 'invalidOption', hintId: 'invalidOptions', params: { ...base, reason: issue.message } }
  }
}

// The one path every request takes on the Node side, whatever carried it (Electron IPC or the
// browser shell's WebSocket): validate with the request's schema, call its handler with the parsed
// value, and answer with a Result. Nothing thrown escapes; a malformed request gets EINVAL.
import type { z } from 'zod'
import type { Handlers, RequestName, Result } from '../shared/api'
import { toAppError } from '../shared/errors'
import { requestSchemas } from '../shared/schemas'

export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(requestSchemas, name)
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ')
}

export async function dispatch(handlers: Handlers, name: unknown, request: unknown): Promise<Result<unknown>> {
  if (!isRequestName(name)) {
    return {
      ok: false,
      error: {
        code: 'EINVAL',
        message: `unknown request ${JSON.stringify(String(name)).slice(0, 80)}`,
        hint: 'The window and the Socket Lab process are from different versions; restart Socket Lab.'
      }
    }
  }
  const parsed = requestSchemas[name].safeParse(request)
  if (!parsed.success) {
    return {
      ok: false,
      error: {
        code: 'EINVAL',
        message: `${name}: ${describeIssues(parsed.error)}`,
        hint: 'Correct the value named above and try again.'
      }
    }
  }
  try {
    const handler = handlers[name] as (req: unknown) => unknown
    return { ok: true, value: await handler(parsed.data) }
  } catch (err) {
    return { ok: false, error: toAppError(err) }
  }
}

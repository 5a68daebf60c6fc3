// The one path every request takes on the Node side, whatever carried it (Electron IPC or the
// browser shell's WebSocket): validate with the request's schema, call its handler with the parsed
// value, and answer with a Result. Nothing thrown escapes; a malformed request gets EINVAL.
import type { z } from 'zod'
import type { Handlers, RequestName, Result } from '../shared/api'
import { catalogError, toAppError, type CatalogRef } from '../shared/errors'
import { issueRef } from '../shared/messages/zod-issue'
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
    return { ok: false, error: catalogError('EINVAL', { id: 'unknownRequest', params: { request: JSON.stringify(String(name)).slice(0, 80) } }) }
  }
  const parsed = requestSchemas[name].safeParse(request)
  if (!parsed.success) {
    // The window says the first issue in its language; the log line keeps up to three, as zod says them.
    const ref = issueRef(parsed.error, name)
    return { ok: false, error: { ...catalogError('EINVAL', { ...ref, hintId: 'badRequest' } as CatalogRef), message: `${name}: ${describeIssues(parsed.error)}` } }
  }
  try {
    const handler = handlers[name] as (req: unknown) => unknown
    return { ok: true, value: await handler(parsed.data) }
  } catch (err) {
    return { ok: false, error: toAppError(err) }
  }
}

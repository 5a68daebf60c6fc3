// The window says engine and codec errors in its own language: they arrive as catalog ids with
// params (see src/shared/messages), and the texts come from the i18next resources (errorCatalog).
// The English message and hint an error carries are kept for errors the catalog does not know.
import type { AppError, ErrorParams } from '../../../shared/api'
import { interpolate, withTerms } from '../../../shared/messages/render'
import { i18n } from './index'

type CatalogPart = 'messages' | 'hints' | 'terms'

function lookup(language: string, part: CatalogPart, id: string): string | null {
  for (const lng of [language, 'en']) {
    const text: unknown = i18n.getResource(lng, 'translation', `errorCatalog.${part}.${id}`)
    if (typeof text === 'string') return text
  }
  return null
}

/** The names the engine gives an endpoint nobody named, and the kind each one belongs to. */
const DEFAULT_NAME = /^(TCP server|TCP client to|TLS server|TLS client to|UDP|Unix server|Unix client to) (.+)$/
const DEFAULT_NAME_KINDS = {
  'TCP server': 'tcp-server',
  'TCP client to': 'tcp-client',
  'TLS server': 'tls-server',
  'TLS client to': 'tls-client',
  UDP: 'udp',
  'Unix server': 'unix-server',
  'Unix client to': 'unix-client'
} as const

/** An engine-made default name ("TCP server 127.0.0.1:9000") in the window's language; other names as they are. */
export function localizeEndpointName(name: string, lng: string = i18n.language): string {
  const m = DEFAULT_NAME.exec(name)
  if (!m) return name
  return i18n.t(`endpointName.${DEFAULT_NAME_KINDS[m[1] as keyof typeof DEFAULT_NAME_KINDS]}`, { where: m[2]!, lng })
}

/** A peer as the engine names it: `127.0.0.1:5000 on "TCP server …"`, or `client #3 on "…"` for an unnamed Unix client. */
const PEER_LABEL = /^(.+) on "(.*)"$/

export function localizePeerLabel(label: string, lng: string = i18n.language): string {
  const m = PEER_LABEL.exec(label)
  if (!m) return label
  const client = /^client (#\d+)$/.exec(m[1]!)
  const at = client ? i18n.t('endpointName.unixPeer', { number: client[1]!, lng }) : m[1]!
  return i18n.t('endpointName.peerOn', { peer: at, endpoint: localizeEndpointName(m[2]!, lng), lng })
}

/** Who holds an address, when it is one of this app's endpoints: `this app's endpoint "…"`. */
const OWN_ENDPOINT = /^this app's endpoint "(.*)"$/

function localizeHolder(holder: string, lng: string): string {
  const m = OWN_ENDPOINT.exec(holder)
  return m ? i18n.t('endpointName.ownEndpoint', { endpoint: localizeEndpointName(m[1]!, lng), lng }) : holder
}

function localizeParams(params: ErrorParams, language: string): ErrorParams {
  const out = withTerms(params, (key) => lookup(language, 'terms', key))
  if (typeof out.endpoint === 'string') out.endpoint = localizeEndpointName(out.endpoint, language)
  if (typeof out.peer === 'string') out.peer = localizePeerLabel(out.peer, language)
  if (typeof out.holder === 'string' && out.holder === params.holder) out.holder = localizeHolder(out.holder, language)
  return out
}

/** An error's message and hint in `language` (the window's language by default). */
export function localizeError(error: AppError, language: string = i18n.language): { message: string; hint: string } {
  if (error.id === undefined) return { message: error.message, hint: error.hint }
  const message = lookup(language, 'messages', error.id)
  if (message === null) return { message: error.message, hint: error.hint }
  const hint = lookup(language, 'hints', error.hintId ?? error.id)
  const params = localizeParams(error.params ?? {}, language)
  return { message: interpolate(message, params), hint: hint === null ? error.hint : interpolate(hint, params) }
}

/** The error as one line: code, then the message in the window's language. */
export function errorLine(error: AppError): string {
  return `${error.code}: ${localizeError(error).message}`
}

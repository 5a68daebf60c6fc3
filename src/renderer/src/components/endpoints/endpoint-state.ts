// How an endpoint's state reads in the sidebar and its header: a client connecting says so (and
// can be cancelled there), and a client whose connection is half closed is neither up nor down.
import type { TFunction } from 'i18next'
import type { EndpointInfo } from '../../../../shared/api'
import { isClientKind } from '../../format'

/** A client in the middle of its connect: shown in place, not in a dialog that blocks. */
export function isConnecting(ep: EndpointInfo): boolean {
  return isClientKind(ep.kind) && ep.state === 'opening'
}

export function stateText(t: TFunction, ep: EndpointInfo): string {
  if (isConnecting(ep)) return t('endpoint.connecting')
  if (ep.state === 'connected' && ep.halfClosed) return t(`halfState.${ep.halfClosed}`)
  return t(`state.${ep.state}`)
}

export function stateDotClass(ep: EndpointInfo): string {
  const half = ep.state === 'connected' && ep.halfClosed ? ` half-${ep.halfClosed}` : ''
  return `state-dot state-${ep.state}${half}${isConnecting(ep) ? ' connecting' : ''}`
}

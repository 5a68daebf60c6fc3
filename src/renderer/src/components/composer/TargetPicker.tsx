// Whom a send goes to: nothing to pick for a client; all peers or one for a server; for a UDP
// socket also any address typed in (the lessons' sendto(data, address)).
import { useTranslation } from 'react-i18next'
import type { EndpointInfo, PeerInfo, SendTarget } from '../../../../shared/api'
import { isHost } from '../../../../shared/address'
import { formatAddress, isClientKind } from '../../format'
import { useAppStore } from '../../store/app-store'
import { useUi, type SendTargetChoice } from '../../store/ui-store'

const EMPTY: Record<string, PeerInfo> = {}

/**
 * The choice a UDP socket starts with: whoever sent to it last (a reply goes back, as sendto after
 * recvfrom), else all peers once it has some, else the newest other UDP socket.
 */
export function defaultTarget(ep: EndpointInfo, ignorePeers = false): SendTargetChoice {
  if (ep.kind === 'udp' && ep.lastSender) return { kind: 'address', host: ep.lastSender.address, port: String(ep.lastSender.port) }
  const { endpoints, order, peers } = useAppStore.getState()
  if (ep.kind !== 'udp' || (!ignorePeers && Object.keys(peers[ep.id] ?? {}).length > 0)) return { kind: 'all' }
  const other = [...order].reverse().map((id) => endpoints[id]).find((e) => e && e.id !== ep.id && e.kind === 'udp' && e.local && 'port' in e.local)
  const local = other?.local
  if (local && 'port' in local) return { kind: 'address', host: local.address === '0.0.0.0' ? '127.0.0.1' : local.address, port: String(local.port) }
  return { kind: 'address', host: '127.0.0.1', port: '' }
}

export type ResolvedTarget = { ok: true; to: SendTarget | undefined } | { ok: false; key: 'composer.targetBadHost' | 'composer.targetBadPort' }

export function resolveTarget(ep: EndpointInfo, choice: SendTargetChoice): ResolvedTarget {
  if (isClientKind(ep.kind)) return { ok: true, to: undefined }
  if (choice.kind === 'all') return { ok: true, to: 'all' }
  if (choice.kind === 'peer') return { ok: true, to: { peerId: choice.peerId } }
  if (!isHost(choice.host.trim())) return { ok: false, key: 'composer.targetBadHost' }
  const port = Number(choice.port)
  if (!/^\d+$/.test(choice.port) || port < 1 || port > 65535) return { ok: false, key: 'composer.targetBadPort' }
  return { ok: true, to: { host: choice.host.trim(), port } }
}

interface TargetPickerProps {
  ep: EndpointInfo
  choice: SendTargetChoice
  /** Mark the address fields as wrong: the user left them, or tried to send. */
  showInvalid: boolean
  onLeave(): void
}

export function TargetPicker({ ep, choice, showInvalid, onLeave }: TargetPickerProps): React.JSX.Element | null {
  const { t } = useTranslation()
  const peers = useAppStore((s) => s.peers[ep.id] ?? EMPTY)
  const setTarget = useUi((s) => s.setTarget)
  if (isClientKind(ep.kind)) return null
  const value = choice.kind === 'peer' ? `peer:${choice.peerId}` : choice.kind
  // showInvalid says the address does not resolve: the host when it is not one, else the port.
  const hostBad = showInvalid && choice.kind === 'address' && !isHost(choice.host.trim())
  const portBad = showInvalid && !hostBad
  const onChange = (v: string): void => {
    if (v === 'all') setTarget(ep.id, { kind: 'all' })
    else if (v === 'address') setTarget(ep.id, choice.kind === 'address' ? choice : defaultTarget(ep, true))
    else setTarget(ep.id, { kind: 'peer', peerId: v.slice(5) })
  }
  return (
    <span className="target-picker">
      <label>
        {t('composer.target')}{' '}
        <select value={value} onChange={(e) => onChange(e.target.value)} data-testid="composer-target">
          <option value="all">{t('peers.all')}</option>
          {Object.values(peers).map((p) => (
            <option key={p.id} value={`peer:${p.id}`}>
              {formatAddress(p.remote)}
            </option>
          ))}
          {ep.kind === 'udp' && <option value="address">{t('composer.toAddress')}</option>}
        </select>
      </label>
      {choice.kind === 'address' && (
        <>
          <input
            className={`host-input mono ${hostBad ? 'invalid' : ''}`}
            aria-invalid={hostBad || undefined}
            aria-label={t('form.host')}
            value={choice.host}
            onChange={(e) => setTarget(ep.id, { ...choice, host: e.target.value })}
            onBlur={onLeave}
            data-testid="composer-target-host"
          />
          <input
            className={`port-input mono ${portBad ? 'invalid' : ''}`}
            aria-invalid={portBad || undefined}
            onBlur={onLeave}
            aria-label={t('form.port')}
            inputMode="numeric"
            value={choice.port}
            onChange={(e) => setTarget(ep.id, { ...choice, port: e.target.value })}
            data-testid="composer-target-port"
          />
        </>
      )}
    </span>
  )
}

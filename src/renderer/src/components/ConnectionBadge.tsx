import type { ConnectionStatus } from '../api/connection'

const LABEL: Record<ConnectionStatus, string> = {
  connecting: 'Connecting…',
  connected: 'Connected',
  disconnected: 'Disconnected, retrying…'
}

export function ConnectionBadge({ status }: { status: ConnectionStatus }): React.JSX.Element {
  return (
    <span className={`badge badge-${status}`} data-testid="connection-status" data-status={status} role="status">
      <span className="dot" aria-hidden="true" />
      {LABEL[status]}
    </span>
  )
}

import type { EndpointInfo } from '../../../shared/api'
import { formatAddress, formatBytes, kindLabel } from '../format'

export function EndpointList({ endpoints }: { endpoints: EndpointInfo[] }): React.JSX.Element {
  if (endpoints.length === 0) {
    return (
      <div className="empty" data-testid="endpoints-empty">
        <p className="empty-title">No endpoints yet</p>
        <p className="muted">
          An endpoint is a server, a client or a UDP socket. Start a TCP server with the button above; it listens
          on 127.0.0.1 and port 0 picks a free port, shown here once it is listening.
        </p>
      </div>
    )
  }
  return (
    <ul className="endpoints" data-testid="endpoint-list">
      {endpoints.map((ep) => (
        <li key={ep.id} className="endpoint" data-testid="endpoint-item">
          <span className={`state-dot state-${ep.state}`} title={ep.state} aria-label={ep.state} />
          <span className="endpoint-name">{ep.name}</span>
          <span className="endpoint-kind">{kindLabel(ep.kind)}</span>
          <span className="endpoint-addr" data-testid="endpoint-address">
            {formatAddress(ep.local)}
          </span>
          <span className="endpoint-bytes muted">
            ↓ {formatBytes(ep.counters.bytesIn)} ↑ {formatBytes(ep.counters.bytesOut)}
          </span>
          {ep.error && (
            <span className="endpoint-error" title={ep.error.hint}>
              {ep.error.code}: {ep.error.message}
            </span>
          )}
        </li>
      ))}
    </ul>
  )
}

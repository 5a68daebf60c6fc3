// The teaching view: a TCP (or Unix) connection's byte stream, with the sender's writes above the
// receiver's reads and the decoded frames below, so sticky packets (粘包) and split packets (拆包)
// are seen rather than explained. Nagle's algorithm is one click away.
import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { EndpointInfo, PeerInfo } from '../../../../shared/api'
import { useApi } from '../../api/api-context'
import { displayName, formatAddress, formatCount, formatTime } from '../../format'
import { useAppStore } from '../../store/app-store'
import { getLog, useTimelineVersions } from '../../store/timeline/timeline-store'
import { useUi } from '../../store/ui-store'
import { ErrorNote } from '../common/ErrorNote'
import { useAction } from '../endpoints/use-action'
import { StreamLane } from './StreamLane'
import { buildScale, buildStreamModel, findCounterpart, type StreamSide } from './stream-model'

const WINDOWS = [8, 16, 32, 64]
const EMPTY: Record<string, PeerInfo> = {}

export function StreamView({ ep }: { ep: EndpointInfo }): React.JSX.Element {
  const { t } = useTranslation()
  const api = useApi()
  const action = useAction()
  const endpoints = useAppStore((s) => s.endpoints)
  const allPeers = useAppStore((s) => s.peers)
  const myPeers = allPeers[ep.id] ?? EMPTY
  const connections = useMemo(() => Object.values(myPeers).sort((a, b) => a.since - b.since), [myPeers])
  const [chosenPeer, setPeerId] = useState<string>()
  const [chosenDirection, setDirection] = useState<'received' | 'sent'>('received')
  const [lastReads, setLastReads] = useState(16)
  // Opened from a timeline row: that read's connection, in the direction it was read, around it.
  const focus = useUi((s) => s.streamFocus[ep.id])
  const focusStream = useUi((s) => s.focusStream)
  const log = getLog(ep.id)
  const peerId = focus?.peerId ?? chosenPeer
  const direction = focus ? 'received' : chosenDirection
  const openPeer = connections.find((p) => p.id === peerId) ?? (focus ? undefined : connections[connections.length - 1])
  // A connection that closed since is still drawn from the timeline; only its sender is not known any more.
  const closedPeer = focus && !openPeer && log.peerIndexOf(focus.peerId) !== undefined ? focus.peerId : undefined
  const connectionId = openPeer?.id ?? closedPeer
  const peersOf = (id: string): PeerInfo[] => Object.values(allPeers[id] ?? EMPTY)
  const counterpart = openPeer ? findCounterpart(ep, openPeer, Object.values(endpoints), peersOf) : undefined
  useTimelineVersions((s) => `${s.versions[ep.id] ?? 0}:${counterpart ? (s.versions[counterpart.endpoint.id] ?? 0) : 0}`)

  if (ep.kind === 'udp') return <p className="muted stream-empty">{t('stream.udp')}</p>
  if (connectionId === undefined) return <p className="muted stream-empty">{t('stream.noConnection')}</p>

  const peerAddress = openPeer ? formatAddress(openPeer.remote) : (log.peerLabels.get(connectionId) ?? connectionId)
  const mine: StreamSide = { log, peerId: connectionId }
  const theirs: StreamSide | undefined = counterpart ? { log: getLog(counterpart.endpoint.id), peerId: counterpart.peerId } : undefined
  const sending = direction === 'sent' && theirs !== undefined
  const reader = sending ? theirs : mine
  const writer = sending ? mine : theirs
  const model = buildStreamModel(reader, writer, lastReads, focus?.index)
  const scale = buildScale(model.from, model.to, [model.writes ?? [], model.reads, model.frames])
  const readerName = displayName(sending ? counterpart!.endpoint : ep)
  const writerName = sending ? displayName(ep) : counterpart ? displayName(counterpart.endpoint) : peerAddress

  // The sender that Nagle applies to and that the try-it buttons write from.
  const writerEndpoint = sending ? ep : counterpart?.endpoint
  const writerPeer = sending ? connectionId : counterpart?.peerId
  const tcpClient = [ep, counterpart?.endpoint].find((e) => e?.kind === 'tcp-client')
  const nagleOn = tcpClient?.kind === 'tcp-client' && !(tcpClient.config.kind === 'tcp-client' && tcpClient.config.noDelay)

  const burst = (payloads: Uint8Array<ArrayBuffer>[]): void => {
    if (!writerEndpoint) return
    const to = writerEndpoint.kind.endsWith('server') && writerPeer ? { peerId: writerPeer } : undefined
    // Fired together without waiting, the way a program calls send() three times in a row.
    void action.run(async () => {
      const results = await Promise.all(payloads.map((bytes) => api.send({ endpointId: writerEndpoint.id, ...(to ? { to } : {}), bytes })))
      return results.find((r) => !r.ok) ?? results[0]!
    })
  }

  const toggleNagle = (): void => {
    if (tcpClient?.config.kind !== 'tcp-client') return
    // Switched on the live connection, so the timeline before and after the change stays side by side.
    void action.run(() => api.updateEndpoint({ endpointId: tcpClient.id, noDelay: nagleOn }), useAppStore.getState().upsertEndpoint)
  }

  return (
    <div className="stream-view" data-testid="stream-view">
      <div className="stream-controls">
        <select
          aria-label={t('stream.connection')}
          value={connectionId}
          onChange={(e) => {
            focusStream(ep.id, undefined)
            setPeerId(e.target.value)
          }}
          data-testid="stream-connection"
        >
          {connections.map((p) => (
            <option key={p.id} value={p.id}>
              {formatAddress(p.remote)}
            </option>
          ))}
          {closedPeer && <option value={closedPeer}>{t('stream.closedConnection', { address: peerAddress })}</option>}
        </select>
        <select
          aria-label={t('stream.direction')}
          value={direction}
          onChange={(e) => {
            focusStream(ep.id, undefined)
            setPeerId(connectionId)
            setDirection(e.target.value as 'received' | 'sent')
          }}
          disabled={!theirs}
        >
          <option value="received">{t('stream.received')}</option>
          <option value="sent">{t('stream.sent')}</option>
        </select>
        <select aria-label={t('stream.window')} value={lastReads} onChange={(e) => setLastReads(Number(e.target.value))}>
          {WINDOWS.map((n) => (
            <option key={n} value={n}>
              {t('stream.lastReads', { count: n })}
            </option>
          ))}
        </select>
        {tcpClient && (
          <button type="button" className="secondary" aria-pressed={!nagleOn} onClick={toggleNagle} disabled={action.busy} title={t('stream.nagleHelp')} data-testid="nagle-toggle">
            {nagleOn ? t('stream.nagleOn') : t('stream.nagleOff')}
          </button>
        )}
      </div>
      {focus && model.focusSeq !== undefined && (
        <p className="stream-focus small" data-testid="stream-focus">
          {t('stream.focused', { time: formatTime(log.row(focus.index).time) })}{' '}
          <button type="button" className="link" onClick={() => focusStream(ep.id, undefined)} data-testid="stream-latest">
            {t('stream.showLatest')}
          </button>
        </p>
      )}
      {model.reads.length === 0 ? (
        <p className="muted">{t('stream.noReads')}</p>
      ) : (
        <div className="lanes">
          <div className="lane-ruler mono small">
            <span>{formatCount(model.from)}</span>
            <span>{t('stream.bytes', { count: model.to - model.from })}</span>
            <span>{formatCount(model.to)}</span>
          </div>
          {model.writes && <StreamLane label={t('stream.writes', { name: writerName })} segments={model.writes} scale={scale} kind="write" testId="lane-writes" />}
          <StreamLane label={t('stream.reads', { name: readerName })} segments={model.reads} scale={scale} kind="read" testId="lane-reads" marked={model.focusSeq} />
          {model.frames.length > 0 && <StreamLane label={t('stream.frames')} segments={model.frames} scale={scale} kind="frame" testId="lane-frames" />}
          {scale.stretched && <p className="muted small" data-testid="stream-stretched">{t('stream.stretched')}</p>}
        </div>
      )}
      <ul className="stream-verdicts" data-testid="stream-verdicts">
        {!writer && <li className="muted">{t('stream.writerUnknown')}</li>}
        {model.writes && model.stickyReads > 0 && <li>{t('stream.sticky', { count: model.stickyReads })}</li>}
        {model.writes && model.splitWrites > 0 && <li>{t('stream.split', { count: model.splitWrites })}</li>}
        {model.writes && model.reads.length > 0 && model.stickyReads === 0 && model.splitWrites === 0 && <li>{t('stream.aligned')}</li>}
        {model.multiFrameReads > 0 && <li>{t('stream.multiFrame', { count: model.multiFrameReads })}</li>}
        {model.splitFrames > 0 && <li>{t('stream.splitFrames', { count: model.splitFrames })}</li>}
      </ul>
      {writerEndpoint && (
        <div className="stream-try">
          <span className="muted small">{t('stream.tryIt', { name: displayName(writerEndpoint) })}</span>
          <button type="button" className="secondary small" onClick={() => burst([0, 1, 2].map(() => new TextEncoder().encode('aaa')))} data-testid="try-sticky">
            {t('stream.tryThree')}
          </button>
          <button type="button" className="secondary small" onClick={() => burst([new Uint8Array(256 * 1024).fill(0x62)])} data-testid="try-split">
            {t('stream.tryLarge')}
          </button>
        </div>
      )}
      {action.error && <ErrorNote error={action.error} onDismiss={action.clear} compact />}
    </div>
  )
}

// One lane of the stream view: segments laid along the byte stream by the scale all lanes share.
import { formatCount } from '../../format'
import type { Segment, StreamScale } from './stream-model'

interface StreamLaneProps {
  label: string
  segments: Segment[]
  scale: StreamScale
  kind: 'write' | 'read' | 'frame'
  testId: string
  /** The seq of a read to mark, where the timeline sent the user. */
  marked?: number
}

export function StreamLane({ label, segments, scale, kind, testId, marked }: StreamLaneProps): React.JSX.Element {
  return (
    <div className="lane" data-testid={testId}>
      <span className="lane-label">{label}</span>
      <div className="lane-track">
        {segments.map((s, i) => {
          const left = scale.at(s.start)
          const width = Math.max(0.2, scale.at(s.end) - left)
          const header = kind === 'frame' && s.header > 0 ? Math.min(100, ((scale.at(s.start + s.header) - left) / width) * 100) : 0
          const isMarked = marked !== undefined && s.seq === marked
          return (
            <div
              key={`${s.seq}-${s.start}`}
              className={`seg seg-${kind} ${i % 2 ? 'alt' : ''} ${isMarked ? 'marked' : ''}`}
              style={{ left: `${left}%`, width: `${width}%` }}
              title={`${formatCount(s.end - s.start)} B @ ${formatCount(s.start)}`}
              data-testid={`seg-${kind}`}
              data-marked={isMarked || undefined}
            >
              {header > 0 && <span className="seg-header" style={{ width: `${header}%` }} />}
              <span className="seg-len">{formatCount(s.end - s.start)}</span>
            </div>
          )
        })}
      </div>
    </div>
  )
}

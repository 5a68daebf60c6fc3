// One lane of the stream view: segments laid along the byte range [from, to).
import { formatCount } from '../../format'
import type { Segment } from './stream-model'

export function StreamLane({ label, segments, from, to, kind, testId }: { label: string; segments: Segment[]; from: number; to: number; kind: 'write' | 'read' | 'frame'; testId: string }): React.JSX.Element {
  const span = Math.max(1, to - from)
  return (
    <div className="lane" data-testid={testId}>
      <span className="lane-label">{label}</span>
      <div className="lane-track">
        {segments.map((s, i) => {
          const start = Math.max(s.start, from)
          const end = Math.min(s.end, to)
          const left = ((start - from) / span) * 100
          const width = Math.max(0.2, ((end - start) / span) * 100)
          const header = kind === 'frame' && s.header > 0 ? Math.min(100, (s.header / Math.max(1, s.end - s.start)) * 100) : 0
          return (
            <div
              key={`${s.seq}-${s.start}`}
              className={`seg seg-${kind} ${i % 2 ? 'alt' : ''}`}
              style={{ left: `${left}%`, width: `${width}%` }}
              title={`${formatCount(s.end - s.start)} B @ ${formatCount(s.start)}`}
              data-testid={`seg-${kind}`}
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

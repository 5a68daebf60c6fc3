// One endpoint's workspace: header and peers on top; the timeline beside the inspector or stream view;
// below, the composer, with the sequences and the traffic generator in tabs beside it. Pane sizes come from the workspace and are dragged with splitters.
import { useTranslation } from 'react-i18next'
import type { EndpointInfo } from '../../../../shared/api'
import { isStreamKind } from '../../format'
import { useUi, type BottomTab } from '../../store/ui-store'
import { useLabs } from '../../store/lab-store'
import { LabGuide } from '../labs/LabGuide'
import { useWorkspace } from '../../store/workspace-store'
import { Composer } from '../composer/Composer'
import { GeneratorPanel } from '../generator/GeneratorPanel'
import { SequencePanel } from '../sequences/SequencePanel'
import { HexInspector } from '../inspector/HexInspector'
import { Splitter } from '../layout/Splitter'
import { StreamView } from '../stream/StreamView'
import { Timeline } from '../timeline/Timeline'
import { EndpointHeader } from './EndpointHeader'
import { MulticastPanel } from './MulticastPanel'
import { PeerList } from './PeerList'
import { ReceiveOptions } from './ReceiveOptions'
import { RelayFaultsEditor } from './RelayFaultsEditor'

export function EndpointView({ ep }: { ep: EndpointInfo }): React.JSX.Element {
  const { t } = useTranslation()
  const layout = useWorkspace((s) => s.layout)
  const setLayout = useWorkspace((s) => s.setLayout)
  const tab = useUi((s) => s.rightTab)
  const setTab = useUi((s) => s.setRightTab)
  const relay = ep.kind === 'tcp-relay' || ep.kind === 'udp-relay'
  const hasPeers = ep.kind === 'tcp-server' || ep.kind === 'unix-server' || ep.kind === 'udp' || relay
  const stream = isStreamKind(ep.kind)
  const labRunning = useLabs((s) => s.active !== undefined)
  const bottomTab = useUi((s) => s.bottomTab)
  const shownTab = tab === 'lab' ? (labRunning ? 'lab' : 'inspector') : stream ? tab : 'inspector'

  return (
    <div className="endpoint-view" data-testid="endpoint-view" data-endpoint-id={ep.id}>
      <EndpointHeader ep={ep} />
      <div className="endpoint-strip">
        <ReceiveOptions ep={ep} />
        {ep.kind === 'udp' && <MulticastPanel ep={ep} />}
        {relay && <RelayFaultsEditor ep={ep} />}
        {hasPeers && <PeerList ep={ep} />}
      </div>
      <div className="center" style={{ gridTemplateColumns: `minmax(240px, 1fr) 6px ${layout.inspector}px` }}>
        <Timeline endpointId={ep.id} />
        <Splitter orientation="vertical" size={layout.inspector} min={260} max={1400} direction={-1} label={t('layout.resizeInspector')} onResize={(inspector) => setLayout({ inspector })} />
        <section className="right-pane" aria-label={shownTab === 'inspector' ? t('inspector.heading') : shownTab === 'lab' ? t('labs.tab') : t('stream.heading')}>
          <div className="tabs" role="tablist">
            <button type="button" role="tab" aria-selected={shownTab === 'inspector'} onClick={() => setTab('inspector')} data-testid="tab-inspector">
              {t('inspector.heading')}
            </button>
            {stream && (
              <button type="button" role="tab" aria-selected={shownTab === 'stream'} onClick={() => setTab('stream')} data-testid="tab-stream">
                {t('stream.heading')}
              </button>
            )}
            {labRunning && (
              <button type="button" role="tab" aria-selected={shownTab === 'lab'} onClick={() => setTab('lab')} data-testid="tab-lab">
                {t('labs.tab')}
              </button>
            )}
          </div>
          <div className="tab-body" role="tabpanel">
            {shownTab === 'inspector' ? <HexInspector ep={ep} /> : shownTab === 'lab' ? <LabGuide /> : <StreamView ep={ep} />}
          </div>
        </section>
      </div>
      <Splitter orientation="horizontal" size={layout.composer} min={120} max={900} direction={-1} label={t('layout.resizeComposer')} onResize={(composer) => setLayout({ composer })} />
      <div className="composer-pane" style={{ height: layout.composer }}>
        <div className="tabs" role="tablist">
          {(['composer', 'sequences', 'generator'] as BottomTab[]).map((b) => (
            <button key={b} type="button" role="tab" aria-selected={bottomTab === b} onClick={() => useUi.getState().setBottomTab(b)} data-testid={`tab-${b}`}>
              {t(`bottomTabs.${b}`)}
            </button>
          ))}
        </div>
        {/* The composer stays mounted while hidden, so a repeat or a file send it runs goes on. */}
        <div className="bottom-body" role="tabpanel" hidden={bottomTab !== 'composer'}>
          <Composer ep={ep} />
        </div>
        {bottomTab === 'sequences' && (
          <div className="bottom-body" role="tabpanel">
            <SequencePanel ep={ep} />
          </div>
        )}
        {bottomTab === 'generator' && (
          <div className="bottom-body" role="tabpanel">
            <GeneratorPanel ep={ep} />
          </div>
        )}
      </div>
    </div>
  )
}

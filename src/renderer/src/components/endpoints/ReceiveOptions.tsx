// How this endpoint's received bytes are decoded (framing, on the Node side) and shown (encoding,
// paused or live, in the window only; capture and counters go on while paused).
import { useEffect, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { EndpointInfo } from '../../../../shared/api'
import { MAX_RECV_SIZE } from '../../../../shared/schemas'
import { TEXT_ENCODINGS, parseFramingSpec } from '../../../../shared/codec'
import { toAppError } from '../../../../shared/errors'
import { useApi } from '../../api/api-context'
import { localizeError } from '../../i18n/localize'
import { useAppStore } from '../../store/app-store'
import { getLog } from '../../store/timeline/timeline-store'
import { useUi } from '../../store/ui-store'
import { DEFAULT_DISPLAY, useWorkspace, type DisplayEncoding } from '../../store/workspace-store'
import { ErrorNote } from '../common/ErrorNote'
import { FORM_RESPONDERS, responderConfigOf, type FormResponder } from './form-model'
import { RulesDialog } from './RulesDialog'
import { useAction } from './use-action'

export function ReceiveOptions({ ep }: { ep: EndpointInfo }): React.JSX.Element {
  const { t } = useTranslation()
  const api = useApi()
  const action = useAction()
  const id = useId()
  const display = useWorkspace((s) => s.display[ep.id]) ?? DEFAULT_DISPLAY
  const setDisplay = useWorkspace((s) => s.setDisplay)
  const freeze = useUi((s) => s.freeze)
  const applied = ep.config.framing ?? 'raw'
  const [framing, setFraming] = useState(applied)
  const endpointId = ep.id
  useEffect(() => setFraming(applied), [applied])

  let framingError: string | undefined
  try {
    parseFramingSpec(framing)
  } catch (err) {
    framingError = localizeError(toAppError(err)).message
  }

  const applyFraming = (): void => {
    if (framingError || framing.trim() === applied) return
    void action.run(() => api.updateEndpoint({ endpointId, framing: framing.trim() }), useAppStore.getState().upsertEndpoint)
  }

  // Servers and UDP sockets answer by themselves with a responder; a fixed reply stays listed while
  // it is set, and is changed in its form or file. Rules are edited in their dialog and applied live.
  const answers = ep.kind === 'tcp-server' || ep.kind === 'tls-server' || ep.kind === 'unix-server' || ep.kind === 'udp'
  const responder = 'responder' in ep.config ? ep.config.responder : undefined
  const current = responder?.kind ?? 'off'
  const [editingRules, setEditingRules] = useState(false)
  const setResponder = (kind: string): void => {
    if (kind === 'rules') return setEditingRules(true)
    const config = responderConfigOf(kind as FormResponder)
    void action.run(() => api.updateEndpoint({ endpointId, responder: config ?? null }), useAppStore.getState().upsertEndpoint)
  }
  const choices = FORM_RESPONDERS.filter((k) => k !== 'fixed' || current === 'fixed')
  const peers = useAppStore((s) => s.peers[endpointId])
  const [typed, setTyped] = useState('')
  /** The chat's server user types for the client that came last, as the lesson's server talks to the one it accepted. */
  const sendTyped = (): void => {
    const latest = Object.values(peers ?? {}).sort((a, b) => b.since - a.since)[0]
    if (!latest || typed === '') return
    const bytes = new TextEncoder().encode(typed)
    void action.run(() => api.responderInput({ endpointId, peerId: latest.id, bytes }), () => setTyped(''))
  }

  // The read size and the close and serve modes change on the running endpoint, from the next read on.
  // A relay forwards what it reads as it reads it: its read size is not one to set.
  const stream = ep.kind !== 'udp' && ep.kind !== 'udp-relay' && ep.kind !== 'tcp-relay'
  const appliedSize = 'recvSize' in ep.config && ep.config.recvSize !== undefined ? String(ep.config.recvSize) : ''
  const [recvSize, setRecvSize] = useState(appliedSize)
  useEffect(() => setRecvSize(appliedSize), [appliedSize])
  const sizeValid = recvSize.trim() === '' || (/^\d+$/.test(recvSize.trim()) && Number(recvSize) >= 1 && Number(recvSize) <= MAX_RECV_SIZE)
  const applyRecvSize = (): void => {
    if (!sizeValid || recvSize.trim() === appliedSize) return
    const size = recvSize.trim() === '' ? MAX_RECV_SIZE : Number(recvSize)
    void action.run(() => api.updateEndpoint({ endpointId, recvSize: size }), useAppStore.getState().upsertEndpoint)
  }
  const config = ep.config
  const closeOnPeerEnd = config.kind === 'tcp-client' || config.kind === 'tls-client' || config.kind === 'unix-client' ? config.closeOnPeerEnd !== false : undefined
  const oneAtATime = config.kind === 'tcp-server' || config.kind === 'unix-server' ? config.oneAtATime === true : undefined
  const toggle = (change: { closeOnPeerEnd: boolean } | { oneAtATime: boolean }): void => {
    void action.run(() => api.updateEndpoint({ endpointId, ...change }), useAppStore.getState().upsertEndpoint)
  }

  const togglePause = (): void => {
    const paused = !display.paused
    freeze(endpointId, paused ? getLog(endpointId).end : undefined)
    setDisplay(endpointId, { paused })
  }

  return (
    <div className="receive-options" data-testid="receive-options">
      <label htmlFor={`${id}-framing`}>{t('receive.framing')}</label>
      <input
        id={`${id}-framing`}
        className={`framing-input mono ${framingError ? 'invalid' : ''}`}
        value={framing}
        title={framingError ?? t('receive.framingTitle')}
        aria-invalid={framingError ? true : undefined}
        onChange={(e) => setFraming(e.target.value)}
        onBlur={applyFraming}
        onKeyDown={(e) => e.key === 'Enter' && applyFraming()}
        data-testid="receive-framing"
        spellCheck={false}
      />
      <label htmlFor={`${id}-enc`}>{t('receive.encoding')}</label>
      <select id={`${id}-enc`} value={display.encoding} onChange={(e) => setDisplay(endpointId, { encoding: e.target.value as DisplayEncoding })} data-testid="display-encoding">
        <option value="hex">{t('receive.hex')}</option>
        {TEXT_ENCODINGS.map((e) => (
          <option key={e.name} value={e.name}>
            {e.label}
          </option>
        ))}
      </select>
      {answers && (
        <>
          <label htmlFor={`${id}-responder`}>{t('responder.label')}</label>
          <select id={`${id}-responder`} value={current} title={t(`responder.help.${current}`)} onChange={(e) => setResponder(e.target.value)} data-testid="receive-responder">
            <option value="off">{t('responder.kinds.off')}</option>
            {choices.map((k) => (
              <option key={k} value={k}>
                {t(`responder.kinds.${k}`)}
              </option>
            ))}
          </select>
          {current === 'rules' && (
            <button type="button" className="secondary" onClick={() => setEditingRules(true)} data-testid="edit-rules">
              {t('rules.edit')}
            </button>
          )}
          {editingRules && <RulesDialog ep={ep} onClose={() => setEditingRules(false)} />}
        </>
      )}
      {current === 'chat' && (
        <>
          <label htmlFor={`${id}-type`}>{t('responder.type')}</label>
          <input
            id={`${id}-type`}
            className="chat-input"
            value={typed}
            placeholder={Object.keys(peers ?? {}).length > 0 ? t('responder.typePlaceholder') : t('responder.noPeer')}
            title={t('responder.typeTitle')}
            onChange={(e) => setTyped(e.target.value)}
            onKeyDown={(e) => e.key === 'Enter' && sendTyped()}
            data-testid="responder-type"
          />
        </>
      )}
      {stream && (
        <>
          <label htmlFor={`${id}-recv`} title={t('form.recvSizeHelp')}>
            {t('receive.recvSize')}
          </label>
          <input
            id={`${id}-recv`}
            className={`recv-size-input mono ${sizeValid ? '' : 'invalid'}`}
            inputMode="numeric"
            placeholder={String(MAX_RECV_SIZE)}
            value={recvSize}
            title={sizeValid ? t('receive.recvSizeTitle') : t('form.errors.recvSizeRange')}
            aria-invalid={sizeValid ? undefined : true}
            onChange={(e) => setRecvSize(e.target.value)}
            onBlur={applyRecvSize}
            onKeyDown={(e) => e.key === 'Enter' && applyRecvSize()}
            data-testid="receive-recv-size"
          />
          <span className="muted">{t('receive.bytes')}</span>
        </>
      )}
      {closeOnPeerEnd !== undefined && (
        <label className="inline" title={t('form.closeOnPeerEndHelp')}>
          <input type="checkbox" checked={closeOnPeerEnd} onChange={(e) => toggle({ closeOnPeerEnd: e.target.checked })} data-testid="receive-close-on-peer-end" />
          {t('form.closeOnPeerEnd')}
        </label>
      )}
      {oneAtATime !== undefined && (
        <label className="inline" title={t('form.oneAtATimeHelp')}>
          <input type="checkbox" checked={oneAtATime} onChange={(e) => toggle({ oneAtATime: e.target.checked })} data-testid="receive-one-at-a-time" />
          {t('form.oneAtATime')}
        </label>
      )}
      <button type="button" className={display.paused ? 'warn' : 'secondary'} aria-pressed={display.paused} onClick={togglePause} data-testid="pause-display">
        {display.paused ? t('receive.resume') : t('receive.pause')}
      </button>
      {display.paused && <span className="muted small">{t('receive.pausedNote')}</span>}
      {framingError && framing !== applied && <span className="field-error small">{framingError}</span>}
      {action.error && <ErrorNote error={action.error} onDismiss={action.clear} compact />}
    </div>
  )
}

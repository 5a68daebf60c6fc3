// Writes bytes to the selected endpoint: a payload in one of five modes, its encoding, line ending,
// checksum and framing, with a live preview of the exact bytes. Ctrl+Enter (Cmd+Enter) sends. Each
// endpoint has its own composer, so a framing or mode chosen for one never goes to another; a new
// one starts framed as its endpoint decodes.
import { useId, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { AppError, ComposerDraft, EndpointInfo, Result, SendResult } from '../../../../shared/api'
import { CHECKSUMS, LINE_ENDINGS, TEXT_ENCODINGS } from '../../../../shared/codec'
import { useApi } from '../../api/api-context'
import { formatBytes } from '../../format'
import { useUi } from '../../store/ui-store'
import { defaultDraft, useWorkspace, type SavedPayload } from '../../store/workspace-store'
import { ErrorNote } from '../common/ErrorNote'
import { prepareDraft, type ComposerMode } from '../../../../shared/traffic/draft-bytes'
import { macroContextNow, useMacroSends, useNextMacroContext } from './macro-sends'
import { MacroHelp, MacroToggle } from './MacroToggle'
import { PayloadLibrary } from './PayloadLibrary'
import { PayloadPreview } from './PayloadPreview'
import { TargetPicker, defaultTarget, resolveTarget } from './TargetPicker'
import { useFileSend } from './use-file-send'
import { REPEAT_WAIT_MS, useRepeat } from './use-repeat'

const MODES: ComposerMode[] = ['escaped', 'text', 'hex', 'base64', 'file']

export function Composer({ ep }: { ep: EndpointInfo }): React.JSX.Element {
  const { t } = useTranslation()
  const api = useApi()
  const id = useId()
  const endpointId = ep.id
  const endpointFraming = ep.config.framing ?? 'raw'
  const stored = useWorkspace((s) => s.composers[endpointId])
  const draft = useMemo(() => stored ?? defaultDraft(endpointFraming), [stored, endpointFraming])
  const fileMode = useUi((s) => s.fileModes[endpointId] === true)
  const setDraft = (patch: Partial<ComposerDraft>): void => useWorkspace.getState().setComposer(endpointId, patch, defaultDraft(endpointFraming))
  const setFileMode = (on: boolean): void => useUi.getState().setFileMode(endpointId, on)
  const choice = useUi((s) => s.targets[ep.id]) ?? defaultTarget(ep)
  const remember = useWorkspace((s) => s.remember)
  const [error, setError] = useState<AppError>()
  // Where to send is said in red once the user left its fields or tried to send, not before.
  const [targetTouched, setTargetTouched] = useState(false)
  const [sending, setSending] = useState(false)
  const [everyMs, setEveryMs] = useState('1000')
  const [times, setTimes] = useState('10')
  const [file, setFile] = useState<File>()
  const repeat = useRepeat()
  const fileSend = useFileSend(api)
  const textArea = useRef<HTMLTextAreaElement>(null)

  const prepared = useMemo(() => prepareDraft(draft), [draft])
  const macrosOn = draft.macros === true
  const nextMacros = useNextMacroContext(endpointId, prepared.uses.has('time'))
  const built = useMemo(() => prepared.build(nextMacros), [prepared, nextMacros])
  const target = resolveTarget(ep, choice)
  const running = ep.state === 'listening' || ep.state === 'connected'
  const textual = draft.mode === 'escaped' || draft.mode === 'text'

  const sendOnce = async (): Promise<void> => {
    if (!built.ok || !target.ok || sending) return
    // With macros the bytes are made at the moment of sending: the preview's, with this second's time.
    const now = macrosOn ? prepared.build(macroContextNow(ep.id)) : built
    if (!now.ok) return setError(now.error)
    setSending(true)
    const r = await api.send({ endpointId: ep.id, ...(target.to ? { to: target.to } : {}), bytes: now.bytes })
    setSending(false)
    if (r.ok) {
      setError(undefined)
      if (macrosOn) useMacroSends.getState().advance(ep.id)
      remember(draft)
    } else setError(r.error)
  }

  const sendFile = (): void => {
    if (!file || !target.ok) return
    void fileSend.start(file, ep.id, target.to, draft.framing, ep.kind === 'udp')
  }

  const startRepeat = (): void => {
    if (!built.ok || !target.ok) return
    const to = target.to
    const endpoint = ep.id
    // Without macros every repeat carries the same bytes; with them each fills in its own counter.
    const fixed = built.bytes
    const withMacros = macrosOn ? prepared : undefined
    remember(draft)
    const sendNext = async (): Promise<Result<SendResult>> => {
      const next = withMacros ? withMacros.build(macroContextNow(endpoint)) : { ok: true as const, bytes: fixed }
      if (!next.ok) return next
      const r = await api.send({ endpointId: endpoint, ...(to ? { to } : {}), bytes: next.bytes, waitMs: REPEAT_WAIT_MS })
      if (r.ok && withMacros) useMacroSends.getState().advance(endpoint)
      return r
    }
    repeat.start(sendNext, Math.max(0, Number(everyMs) || 0), Math.max(0, Math.floor(Number(times) || 0)))
  }

  const onKeyDown = (e: React.KeyboardEvent): void => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault()
      setTargetTouched(true)
      if (fileMode) sendFile()
      else void sendOnce()
    }
  }

  const load = (d: SavedPayload | ComposerDraft): void => {
    setFileMode(false)
    // Only the composer's own fields: a saved payload's name and target are not part of a draft.
    const { mode, text, encoding, lineEnding, framing, checksum, macros } = d
    setDraft({ mode, text, encoding, lineEnding, framing, checksum, macros: macros === true })
    // A UDP payload that came with its destination is sent there from a UDP socket.
    if ('target' in d && d.target?.transport === 'udp' && ep.kind === 'udp') {
      useUi.getState().setTarget(ep.id, { kind: 'address', host: d.target.host, port: String(d.target.port) })
    }
    textArea.current?.focus()
  }

  const everyValid = /^\d+$/.test(everyMs)
  const timesValid = /^\d+$/.test(times)
  const canSend = running && target.ok && (fileMode ? !!file && !fileSend.state.running : built.ok)

  return (
    <section className="composer" aria-label={t('composer.heading')} onKeyDown={onKeyDown} data-testid="composer">
      <div className="composer-main">
        <div className="composer-options">
          <select aria-label={t('composer.mode')} value={fileMode ? 'file' : draft.mode} onChange={(e) => {
            const mode = e.target.value as ComposerMode
            setFileMode(mode === 'file')
            if (mode !== 'file') setDraft({ mode })
          }} data-testid="composer-mode">
            {MODES.map((m) => (
              <option key={m} value={m}>
                {t(`composer.modes.${m}`)}
              </option>
            ))}
          </select>
          <select aria-label={t('composer.encoding')} value={draft.encoding} disabled={!textual || fileMode} onChange={(e) => setDraft({ encoding: e.target.value })} data-testid="composer-encoding">
            {TEXT_ENCODINGS.map((e) => (
              <option key={e.name} value={e.name}>
                {e.label}
              </option>
            ))}
          </select>
          <select aria-label={t('composer.lineEnding')} value={draft.lineEnding} disabled={fileMode} onChange={(e) => setDraft({ lineEnding: e.target.value as ComposerDraft['lineEnding'] })} data-testid="composer-line-ending">
            {LINE_ENDINGS.map((le) => (
              <option key={le} value={le}>
                {t(`composer.lineEndings.${le}`)}
              </option>
            ))}
          </select>
          <label className="inline">
            {t('composer.framing')}{' '}
            <input className="framing-input mono" value={draft.framing} onChange={(e) => setDraft({ framing: e.target.value })} list={`${id}-framings`} spellCheck={false} data-testid="composer-framing" />
          </label>
          <datalist id={`${id}-framings`}>
            {['raw', 'line', 'len:4', 'struct:i', 'struct:!I', 'json-header', 'delim:0d0a', 'slip'].map((f) => (
              <option key={f} value={f} />
            ))}
          </datalist>
          <select aria-label={t('composer.checksum')} value={draft.checksum} disabled={fileMode} onChange={(e) => setDraft({ checksum: e.target.value })} data-testid="composer-checksum">
            <option value="none">{t('composer.noChecksum')}</option>
            {CHECKSUMS.map((c) => (
              <option key={c.name} value={c.name}>
                {c.label}
              </option>
            ))}
          </select>
          <MacroToggle on={macrosOn} disabled={fileMode} onChange={(on) => setDraft({ macros: on })} />
          <TargetPicker ep={ep} choice={choice} showInvalid={targetTouched && !target.ok} onLeave={() => setTargetTouched(true)} />
        </div>
        {macrosOn && !fileMode && <MacroHelp />}
        {fileMode ? (
          <div className="file-pick">
            <input type="file" aria-label={t('composer.chooseFile')} onChange={(e) => setFile(e.target.files?.[0])} data-testid="composer-file" />
            {file && <span className="muted small">{t('composer.fileInfo', { name: file.name, size: formatBytes(file.size) })}</span>}
            {fileSend.state.name && (
              <div className="file-progress" data-testid="file-progress">
                <progress max={Math.max(1, fileSend.state.total)} value={fileSend.state.sent} />
                <span className="small">
                  {t('composer.fileProgress', { sent: formatBytes(fileSend.state.sent), total: formatBytes(fileSend.state.total) })}
                  {fileSend.state.done === 'sent' && ` — ${t('composer.fileDone')}`}
                  {fileSend.state.done === 'cancelled' && ` — ${t('composer.fileCancelled')}`}
                </span>
                {fileSend.state.running && (
                  <button type="button" className="secondary small" onClick={fileSend.cancel} data-testid="file-cancel">
                    {t('common.cancel')}
                  </button>
                )}
              </div>
            )}
            {fileSend.state.running && fileSend.state.stalled && <ErrorNote error={fileSend.state.stalled} compact />}
            {fileSend.state.error && <ErrorNote error={fileSend.state.error} compact />}
          </div>
        ) : (
          <textarea
            ref={textArea}
            className="mono composer-text"
            value={draft.text}
            onChange={(e) => setDraft({ text: e.target.value })}
            placeholder={t(`composer.placeholder.${draft.mode}`)}
            aria-label={t('composer.payload')}
            spellCheck={false}
            data-testid="composer-text"
          />
        )}
        {!fileMode && <PayloadPreview built={built} {...(macrosOn ? { sendNumber: nextMacros.counter } : {})} />}
        {!target.ok && (
          <p className={targetTouched ? 'field-error small' : 'muted small'} data-testid="composer-target-error">
            {t(target.key)}
          </p>
        )}
        <div className="composer-actions">
          <button type="button" disabled={!canSend || sending} onClick={() => (fileMode ? sendFile() : void sendOnce())} title={t('composer.sendShortcut')} data-testid="composer-send">
            {fileMode ? t('composer.sendFile') : t('composer.send')}
          </button>
          <span className="muted small">{t('composer.sendShortcut')}</span>
          {!fileMode && (
            <span className="repeat">
              <label className="inline">
                {t('composer.every')}
                <input className={`num-input ${everyValid ? '' : 'invalid'}`} inputMode="numeric" value={everyMs} onChange={(e) => setEveryMs(e.target.value)} aria-label={t('composer.everyLabel')} />
                {t('composer.ms')}
              </label>
              <label className="inline">
                ×
                <input className={`num-input ${timesValid ? '' : 'invalid'}`} inputMode="numeric" value={times} onChange={(e) => setTimes(e.target.value)} aria-label={t('composer.timesLabel')} />
              </label>
              {repeat.state.running ? (
                <button type="button" className="warn small" onClick={repeat.stop} data-testid="repeat-stop">
                  {t('composer.stopRepeat', { sent: repeat.state.sent, total: repeat.state.total || '∞' })}
                </button>
              ) : (
                <button type="button" className="secondary small" disabled={!canSend || !everyValid || !timesValid} onClick={startRepeat} data-testid="repeat-start">
                  {t('composer.startRepeat')}
                </button>
              )}
              {!repeat.state.running && repeat.state.sent > 0 && <span className="muted small">{t('composer.repeatDone', { sent: repeat.state.sent })}</span>}
            </span>
          )}
          {!running && <span className="muted small">{t('composer.notRunning')}</span>}
        </div>
        {error && <ErrorNote error={error} onDismiss={() => setError(undefined)} compact />}
        {repeat.state.error && <ErrorNote error={repeat.state.error} compact />}
      </div>
      <PayloadLibrary draft={draft} onLoad={load} />
    </section>
  )
}

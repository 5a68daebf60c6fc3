// The rules of a rules responder, edited in order: each rule a match (contains, is exactly, a regex,
// a hex prefix) and what to do (reply after an optional delay, close, reset), and what a message
// no rule matches gets. Every field is checked as it is written with the engine's own code (see
// rules-model), its problem shown under it; the dialog holding the editor refuses to go on while
// one is left. Every control is a native one with a label that names its rule, so the keyboard
// and a screen reader reach them all; a moved rule keeps the focus on the button that moved it.
import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import {
  ACTION_TYPES,
  addRule,
  duplicateRule,
  MATCH_TYPES,
  matchValue,
  MAX_RULES,
  moveRule,
  PAYLOAD_FORMATS,
  removeRule,
  updateRule,
  withActionType,
  withMatchType,
  withMatchValue,
  type ActionType,
  type DraftCheck,
  type DraftProblem,
  type MatchType,
  type PayloadFormat,
  type RuleRow,
  type RulesDraft
} from './rules-model'

/** Takes the user to the first field of a rule that is refused, in the form or dialog `within`. */
export function focusFirstRefusedRule(within: Element): void {
  within.querySelector<HTMLElement>('[data-testid="rules-editor"] [aria-invalid="true"]')?.focus()
}

interface RulesEditorProps {
  draft: RulesDraft
  check: DraftCheck
  onChange(draft: RulesDraft): void
  /** Prefix of the ids of the editor's fields, unique in the page. */
  idBase: string
  /**
   * A UDP socket's rules: there is no connection to close or reset, so only replies are offered (a
   * rule loaded with close or reset still shows what it says).
   */
  datagrams?: boolean
}

export function RulesEditor({ draft, check, onChange, idBase, datagrams = false }: RulesEditorProps): React.JSX.Element {
  const { t } = useTranslation()
  // The element to focus once the rows have been drawn again (after a move, an add or a remove).
  const focusNext = useRef<string>(undefined)
  useEffect(() => {
    if (focusNext.current === undefined) return
    document.getElementById(focusNext.current)?.focus()
    focusNext.current = undefined
  })
  const id = (key: number, part: string): string => `${idBase}-rule-${key}-${part}`

  const change = (next: RulesDraft, focus?: string): void => {
    focusNext.current = focus
    onChange(next)
  }
  const add = (): void => {
    const next = addRule(draft)
    change(next, next.rows.length > draft.rows.length ? id(next.rows[next.rows.length - 1]!.key, 'value') : undefined)
  }
  const remove = (i: number): void => {
    const after = draft.rows[i + 1] ?? draft.rows[i - 1]
    change(removeRule(draft, i), after ? id(after.key, 'remove') : `${idBase}-rules-add`)
  }
  const move = (i: number, by: -1 | 1): void => {
    const row = draft.rows[i]!
    const to = i + by
    // At the far end the button it was pressed with does nothing, so the focus goes to its twin.
    const atEnd = to === 0 || to === draft.rows.length - 1
    change(moveRule(draft, i, by), id(row.key, atEnd ? (by < 0 ? 'down' : 'up') : by < 0 ? 'up' : 'down'))
  }
  const duplicate = (i: number): void => {
    const next = duplicateRule(draft, i)
    change(next, next !== draft ? id(next.rows[i + 1]!.key, 'value') : undefined)
  }
  const set = (i: number, patch: Partial<Omit<RuleRow, 'key'>>): void => onChange(updateRule(draft, i, patch))
  const full = draft.rows.length >= MAX_RULES

  const problem = (fieldId: string, p: DraftProblem | undefined): React.ReactNode =>
    p && (
      <p className="field-error" id={`${fieldId}-error`} data-testid={`${fieldId.slice(idBase.length + 1)}-error`}>
        {t(p.key, { detail: p.detail })}
      </p>
    )
  const invalidProps = (fieldId: string, p: DraftProblem | undefined): React.InputHTMLAttributes<HTMLInputElement> =>
    p ? { 'aria-invalid': true, 'aria-describedby': `${fieldId}-error`, className: 'mono invalid' } : { className: 'mono' }

  const formatSelect = (fieldId: string, label: string, value: PayloadFormat, onSelect: (f: PayloadFormat) => void): React.JSX.Element => (
    <select id={fieldId} aria-label={label} title={t('rules.formatsTitle')} value={value} onChange={(e) => onSelect(e.target.value as PayloadFormat)} className="rule-format">
      {PAYLOAD_FORMATS.map((f) => (
        <option key={f} value={f}>
          {t(`rules.formats.${f}`)}
        </option>
      ))}
    </select>
  )

  return (
    <fieldset className="rules-editor" data-testid="rules-editor">
      <legend>{t('rules.legend')}</legend>
      <p className="field-help">{t('rules.intro')}</p>
      {draft.rows.length === 0 ? (
        <p className="rules-empty muted" data-testid="rules-empty">
          {t('rules.empty')}
        </p>
      ) : (
        <ol className="rules-list">
          {draft.rows.map((row, i) => {
            const n = i + 1
            const problems = check.rows[row.key] ?? {}
            const m = row.match
            const payloadMatch = m.type === 'exact' || m.type === 'contains'
            const reply = row.then.type === 'reply' ? row.then : undefined
            return (
              <li key={row.key} className="rule" data-testid="rule">
                <div className="rule-head">
                  <span className="rule-number">{t('rules.rule', { n })}</span>
                  <span className="rule-tools">
                    <button type="button" className="secondary small" id={id(row.key, 'up')} aria-label={t('rules.label.up', { n })} aria-disabled={i === 0 || undefined} onClick={() => i > 0 && move(i, -1)}>
                      {t('rules.up')}
                    </button>
                    <button
                      type="button"
                      className="secondary small"
                      id={id(row.key, 'down')}
                      aria-label={t('rules.label.down', { n })}
                      aria-disabled={i === draft.rows.length - 1 || undefined}
                      onClick={() => i < draft.rows.length - 1 && move(i, 1)}
                    >
                      {t('rules.down')}
                    </button>
                    <button type="button" className="secondary small" aria-label={t('rules.label.duplicate', { n })} aria-disabled={full || undefined} onClick={() => duplicate(i)}>
                      {t('rules.duplicate')}
                    </button>
                    <button type="button" className="secondary small danger-text" id={id(row.key, 'remove')} aria-label={t('rules.label.remove', { n })} onClick={() => remove(i)}>
                      {t('rules.remove')}
                    </button>
                  </span>
                </div>
                <div className="rule-line">
                  <span className="rule-word">{t('rules.when')}</span>
                  <select id={id(row.key, 'match-type')} aria-label={t('rules.label.matchType', { n })} className="rule-type" value={m.type} onChange={(e) => set(i, { match: withMatchType(m, e.target.value as MatchType) })} data-testid="rule-match-type">
                    {MATCH_TYPES.map((type) => (
                      <option key={type} value={type}>
                        {t(`rules.match.${type}`)}
                      </option>
                    ))}
                  </select>
                  <input
                    id={id(row.key, 'value')}
                    aria-label={t('rules.label.matchValue', { n })}
                    value={matchValue(m)}
                    placeholder={t(`rules.placeholder.${m.type}`)}
                    onChange={(e) => set(i, { match: withMatchValue(m, e.target.value) })}
                    spellCheck={false}
                    autoComplete="off"
                    data-testid="rule-match-value"
                    {...invalidProps(id(row.key, 'value'), problems.match)}
                  />
                  {payloadMatch &&
                    formatSelect(id(row.key, 'match-format'), t('rules.label.matchFormat', { n }), m.payload.format, (format) => set(i, { match: { ...m, payload: { ...m.payload, format } } }))}
                </div>
                {problem(id(row.key, 'value'), problems.match)}
                {m.type === 'regex' && !problems.match && <p className="field-help">{t('rules.regexHelp')}</p>}
                <div className="rule-line">
                  <span className="rule-word">{t('rules.then')}</span>
                  <select id={id(row.key, 'action')} aria-label={t('rules.label.actionType', { n })} className="rule-type" value={row.then.type} onChange={(e) => set(i, { then: withActionType(row.then, e.target.value as ActionType) })} data-testid="rule-action">
                    {ACTION_TYPES.filter((type) => !datagrams || type === 'reply' || type === row.then.type).map((type) => (
                      <option key={type} value={type}>
                        {t(`rules.action.${type}`)}
                      </option>
                    ))}
                  </select>
                  {reply && (
                    <>
                      <input
                        id={id(row.key, 'reply')}
                        aria-label={t('rules.label.reply', { n })}
                        value={reply.payload.text}
                        placeholder={t('rules.placeholder.reply')}
                        onChange={(e) => set(i, { then: { ...reply, payload: { ...reply.payload, text: e.target.value } } })}
                        spellCheck={false}
                        autoComplete="off"
                        data-testid="rule-reply"
                        {...invalidProps(id(row.key, 'reply'), problems.reply)}
                      />
                      {formatSelect(id(row.key, 'reply-format'), t('rules.label.replyFormat', { n }), reply.payload.format, (format) => set(i, { then: { ...reply, payload: { ...reply.payload, format } } }))}
                    </>
                  )}
                </div>
                {reply && (
                  <div className="rule-line rule-delay">
                    <label htmlFor={id(row.key, 'delay')} className="rule-word">
                      {t('rules.delay')}
                    </label>
                    <input
                      id={id(row.key, 'delay')}
                      inputMode="numeric"
                      placeholder="0"
                      value={row.delay}
                      title={t('rules.label.delay', { n })}
                      onChange={(e) => set(i, { delay: e.target.value })}
                      autoComplete="off"
                      data-testid="rule-delay"
                      {...invalidProps(id(row.key, 'delay'), problems.delay)}
                    />
                    <span className="muted">{t('rules.ms')}</span>
                    <label className="inline rule-macros" title={t('rules.macrosTitle')}>
                      <input
                        type="checkbox"
                        checked={reply.payload.macros === true}
                        aria-label={t('rules.label.macros', { n })}
                        onChange={(e) => {
                          const { macros: _off, ...payload } = reply.payload
                          set(i, { then: { ...reply, payload: e.target.checked ? { ...payload, macros: true } : payload } })
                        }}
                        data-testid="rule-macros"
                      />
                      {t('rules.macros')}
                    </label>
                  </div>
                )}
                {problem(id(row.key, 'reply'), problems.reply)}
                {problem(id(row.key, 'delay'), problems.delay)}
              </li>
            )
          })}
        </ol>
      )}
      {check.whole && (
        <p className="field-error" data-testid="rules-whole-error">
          {t(check.whole.key, { detail: check.whole.detail })}
        </p>
      )}
      <div className="rules-foot">
        <button type="button" className="secondary" id={`${idBase}-rules-add`} aria-disabled={full || undefined} onClick={() => !full && add()} data-testid="rules-add">
          {t('rules.add')}
        </button>
        {full && <span className="muted small">{t('rules.full', { max: MAX_RULES })}</span>}
        <label htmlFor={`${idBase}-rules-otherwise`} className="rules-otherwise-label">
          {t('rules.otherwise')}
        </label>
        <select
          id={`${idBase}-rules-otherwise`}
          value={draft.otherwise ?? 'nothing'}
          onChange={(e) => onChange({ ...draft, otherwise: e.target.value as 'nothing' | 'echo' })}
          data-testid="rules-otherwise"
        >
          <option value="nothing">{t('rules.otherwiseKinds.nothing')}</option>
          <option value="echo">{t('rules.otherwiseKinds.echo')}</option>
        </select>
      </div>
    </fieldset>
  )
}

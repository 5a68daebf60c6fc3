import { act, cleanup, fireEvent, screen, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { EndpointConfig, EndpointInfo } from '../../src/shared/api'
import type { RulesConfig } from '../../src/shared/responders/rules'
import { createRules, rulesConfig } from '../../src/shared/responders/rules'
import { EndpointForm } from '../../src/renderer/src/components/endpoints/EndpointForm'
import { ReceiveOptions } from '../../src/renderer/src/components/endpoints/ReceiveOptions'
import { toConfig, defaultValues } from '../../src/renderer/src/components/endpoints/form-model'
import { addRule, checkDraft, configOf, draftOf, duplicateRule, emptyDraft, moveRule, removeRule, updateRule, withMatchType } from '../../src/renderer/src/components/endpoints/rules-model'
import { i18n } from '../../src/renderer/src/i18n'
import { useAppStore } from '../../src/renderer/src/store/app-store'
import { endpoint, fakeApi, ok, renderWithApi, resetStores } from './helpers'

const rule = (n: number): HTMLElement => screen.getAllByTestId('rule')[n - 1]!
const field = (n: number, testId: string): HTMLElement => within(rule(n)).getByTestId(testId)
const type = (el: HTMLElement, value: string): void => {
  fireEvent.change(el, { target: { value } })
}
const submit = (): HTMLElement => screen.getByTestId('endpoint-form-submit')

function openRulesForm(openEndpoint = vi.fn((req: { config: EndpointConfig }) => ok(endpoint({ config: req.config })))): typeof openEndpoint {
  renderWithApi(<EndpointForm kind="tcp-server" onClose={() => undefined} />, fakeApi({ openEndpoint }))
  type(screen.getByTestId('form-responder'), 'rules')
  return openEndpoint
}

/** A rules configuration with every kind of match and action, and the fields the editor does not show. */
const everything: RulesConfig = {
  kind: 'rules',
  rules: [
    { match: { type: 'contains', payload: { format: 'text', text: 'PING' } }, then: { type: 'reply', payload: { format: 'escaped', text: 'PONG\\n' } } },
    { match: { type: 'exact', payload: { format: 'text', text: '你好', encoding: 'gbk' } }, then: { type: 'reply', payload: { format: 'hex', text: '00 ff' }, delayMs: 0 } },
    { match: { type: 'regex', pattern: '^get (\\S+)', flags: 'i' }, then: { type: 'reply', payload: { format: 'base64', text: 'aGk=' }, delayMs: 250 } },
    { match: { type: 'hex-prefix', hex: '02 10' }, then: { type: 'close' } },
    { match: { type: 'contains', payload: { format: 'escaped', text: '\\x00' } }, then: { type: 'reset' } }
  ],
  otherwise: 'echo',
  regexInputBytes: 1024
}

describe('rules editor', () => {
  beforeEach(async () => {
    resetStores()
    await i18n.changeLanguage('en')
  })
  afterEach(cleanup)

  it('says there are no rules yet, and a server with no rules starts answering nothing', async () => {
    const openEndpoint = openRulesForm()
    expect(screen.getByTestId('rules-empty').textContent).toMatch(/No rules yet: add one/)
    await act(async () => {
      fireEvent.click(submit())
    })
    expect(openEndpoint).toHaveBeenCalledWith({ config: { kind: 'tcp-server', host: '127.0.0.1', port: 0, responder: { kind: 'rules', rules: [] } } })
  })

  it('offers a UDP socket only replies: it has no connection to close or reset', () => {
    renderWithApi(<EndpointForm kind="udp" onClose={() => undefined} />, fakeApi())
    type(screen.getByTestId('form-responder'), 'rules')
    fireEvent.click(screen.getByRole('button', { name: 'Add a rule' }))
    const actions = field(1, 'rule-action') as HTMLSelectElement
    expect([...actions.options].map((o) => o.value)).toEqual(['reply'])
    cleanup()
    // A TCP server offers all three.
    openRulesForm()
    fireEvent.click(screen.getByRole('button', { name: 'Add a rule' }))
    expect([...(field(1, 'rule-action') as HTMLSelectElement).options].map((o) => o.value)).toEqual(['reply', 'close', 'reset'])
  })

  it('builds rules through the fields and submits exactly the configuration they say', async () => {
    const openEndpoint = openRulesForm()
    fireEvent.click(screen.getByRole('button', { name: 'Add a rule' }))
    // A new rule takes the focus on what it matches.
    expect(document.activeElement).toBe(field(1, 'rule-match-value'))
    type(field(1, 'rule-match-value'), 'PING')
    type(field(1, 'rule-reply'), 'PONG\\n')
    fireEvent.click(screen.getByRole('button', { name: 'Add a rule' }))
    type(field(2, 'rule-match-type'), 'regex')
    type(field(2, 'rule-match-value'), '^GET (\\S+)')
    type(field(2, 'rule-reply'), 'HTTP/1.0 200 OK\\r\\n\\r\\n')
    type(field(2, 'rule-delay'), '20')
    fireEvent.click(screen.getByRole('button', { name: 'Add a rule' }))
    type(field(3, 'rule-match-type'), 'hex-prefix')
    type(field(3, 'rule-match-value'), 'ff 00')
    type(field(3, 'rule-action'), 'reset')
    fireEvent.click(screen.getByRole('button', { name: 'Add a rule' }))
    type(field(4, 'rule-match-type'), 'exact')
    type(field(4, 'rule-match-value'), 'bye')
    type(screen.getByLabelText('Rule 4: match written as'), 'text')
    type(field(4, 'rule-action'), 'close')
    type(screen.getByTestId('rules-otherwise'), 'echo')
    expect(submit().getAttribute('aria-disabled')).toBeNull()
    await act(async () => {
      fireEvent.click(submit())
    })
    const responder: RulesConfig = {
      kind: 'rules',
      rules: [
        { match: { type: 'contains', payload: { format: 'escaped', text: 'PING' } }, then: { type: 'reply', payload: { format: 'escaped', text: 'PONG\\n' } } },
        { match: { type: 'regex', pattern: '^GET (\\S+)' }, then: { type: 'reply', payload: { format: 'escaped', text: 'HTTP/1.0 200 OK\\r\\n\\r\\n' }, delayMs: 20 } },
        { match: { type: 'hex-prefix', hex: 'ff 00' }, then: { type: 'reset' } },
        { match: { type: 'exact', payload: { format: 'text', text: 'bye' } }, then: { type: 'close' } }
      ],
      otherwise: 'echo'
    }
    expect(openEndpoint).toHaveBeenCalledWith({ config: { kind: 'tcp-server', host: '127.0.0.1', port: 0, responder } })
    // What the form sends is what the engine takes: it parses and compiles as it is.
    expect(rulesConfig.parse(responder)).toEqual(responder)
    expect(createRules(responder).kind).toBe('rules')
  })

  it.each([
    ['(?=a)', /lookahead and lookbehind are not supported/],
    ['a{2000}', /invalid repeat count/],
    ['(', /missing closing \)/],
    ['(a)\\1', /backreferences \(\\1\) are not supported/]
  ])('refuses the regex %s as it is written, under its field, and will not start', async (pattern, why) => {
    const openEndpoint = openRulesForm()
    fireEvent.click(screen.getByRole('button', { name: 'Add a rule' }))
    type(field(1, 'rule-match-type'), 'regex')
    type(field(1, 'rule-match-value'), pattern)
    const value = field(1, 'rule-match-value')
    const error = document.getElementById(value.getAttribute('aria-describedby')!)!
    expect(error.textContent).toMatch(/^Rule 1's regex .* is refused: /)
    expect(error.textContent).toMatch(why)
    expect(value.getAttribute('aria-invalid')).toBe('true')
    expect(submit().getAttribute('aria-disabled')).toBe('true')
    screen.getByTestId('rules-otherwise').focus()
    await act(async () => {
      fireEvent.click(submit())
    })
    expect(openEndpoint).not.toHaveBeenCalled()
    // Create takes the user to the field at fault.
    expect(document.activeElement).toBe(value)
    // Fixed, it goes.
    type(value, 'a')
    expect(value.getAttribute('aria-invalid')).toBeNull()
    expect(submit().getAttribute('aria-disabled')).toBeNull()
    await act(async () => {
      fireEvent.click(submit())
    })
    expect(openEndpoint).toHaveBeenCalledTimes(1)
  })

  it('says a refused regex in Chinese, with the rule named in Chinese', async () => {
    await i18n.changeLanguage('zh-CN')
    openRulesForm()
    fireEvent.click(screen.getByRole('button', { name: '添加规则' }))
    type(field(1, 'rule-match-type'), 'regex')
    type(field(1, 'rule-match-value'), '(?=a)')
    const value = field(1, 'rule-match-value')
    expect(document.getElementById(value.getAttribute('aria-describedby')!)!.textContent).toBe('规则 1 的正则 /(?=a)/ 被拒绝：不支持先行断言和后行断言：RE2 以线性时间匹配，没有断言')
  })

  it('refuses bad hex, a bad escape and a bad delay under their fields', async () => {
    const openEndpoint = openRulesForm()
    fireEvent.click(screen.getByRole('button', { name: 'Add a rule' }))
    type(field(1, 'rule-match-type'), 'hex-prefix')
    type(field(1, 'rule-match-value'), '02 1g')
    expect(screen.getByTestId('rule-1-value-error').textContent).toBe("Not hex: bad hex digit 'g' at position 4")
    type(field(1, 'rule-reply'), 'bad \\x4')
    expect(screen.getByTestId('rule-1-reply-error').textContent).toMatch(/\\x at position 4 needs two hex digits/)
    type(field(1, 'rule-delay'), '60001')
    expect(screen.getByTestId('rule-1-delay-error').textContent).toMatch(/0 to 60000/)
    await act(async () => {
      fireEvent.click(submit())
    })
    expect(openEndpoint).not.toHaveBeenCalled()
    type(field(1, 'rule-match-value'), '02 1f')
    type(field(1, 'rule-reply'), 'ok \\x41')
    type(field(1, 'rule-delay'), '60000')
    expect(screen.queryByTestId('rule-1-value-error')).toBeNull()
    await act(async () => {
      fireEvent.click(submit())
    })
    expect(openEndpoint).toHaveBeenCalledTimes(1)
    expect(openEndpoint.mock.calls[0]![0].config).toMatchObject({
      responder: { kind: 'rules', rules: [{ match: { type: 'hex-prefix', hex: '02 1f' }, then: { type: 'reply', payload: { format: 'escaped', text: 'ok \\x41' }, delayMs: 60000 } }] }
    })
  })

  it('turns macros on for a reply, and refuses a macro the engine would refuse', async () => {
    const openEndpoint = openRulesForm()
    fireEvent.click(screen.getByRole('button', { name: 'Add a rule' }))
    type(field(1, 'rule-reply'), 'reply #{counter}\\n')
    fireEvent.click(screen.getByLabelText('Rule 1: fill in macros in the reply'))
    expect(screen.queryByTestId('rule-1-reply-error')).toBeNull()
    type(field(1, 'rule-reply'), 'reply #{nope}')
    expect(screen.getByTestId('rule-1-reply-error').textContent).toMatch(/nope/)
    expect(submit().getAttribute('aria-disabled')).toBe('true')
    // Off, the braces are bytes like the others.
    fireEvent.click(screen.getByLabelText('Rule 1: fill in macros in the reply'))
    expect(screen.queryByTestId('rule-1-reply-error')).toBeNull()
    fireEvent.click(screen.getByLabelText('Rule 1: fill in macros in the reply'))
    type(field(1, 'rule-reply'), 'reply #{counter}\\n')
    await act(async () => {
      fireEvent.click(submit())
    })
    const responder = (openEndpoint.mock.calls[0]![0].config as { responder: RulesConfig }).responder
    expect(responder.rules[0]!.then).toEqual({ type: 'reply', payload: { format: 'escaped', text: 'reply #{counter}\\n', macros: true } })
    expect(createRules(rulesConfig.parse(responder)).kind).toBe('rules')
  })

  it('refuses regexes too costly together, though each alone would do', () => {
    let draft = emptyDraft()
    for (let i = 0; i < 4; i++) draft = addRule(draft)
    draft.rows.forEach((_, i) => (draft = updateRule(draft, i, { match: { type: 'regex', pattern: '\\d{1000}' } })))
    const check = checkDraft(draft, (n) => `rule ${n}`)
    expect(check.config).toBeUndefined()
    // The fourth is the one that goes over: its field says so.
    expect(Object.keys(check.rows)).toEqual([String(draft.rows[3]!.key)])
    expect(check.rows[draft.rows[3]!.key]!.match!.detail).toMatch(/^rule 4's regex .* with the regexes before it/)
  })

  it('moves, duplicates and removes rules, keeping the focus on the button pressed', async () => {
    const openEndpoint = openRulesForm()
    for (const word of ['one', 'two', 'three']) {
      fireEvent.click(screen.getByRole('button', { name: 'Add a rule' }))
      type(field(screen.getAllByTestId('rule').length, 'rule-match-value'), word)
    }
    const values = (): string[] => screen.getAllByTestId('rule-match-value').map((el) => (el as HTMLInputElement).value)
    fireEvent.click(screen.getByRole('button', { name: 'Move rule 3 up' }))
    expect(values()).toEqual(['one', 'three', 'two'])
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Move rule 2 up' }))
    // Up again, to the top: that button does nothing there, so the focus goes to its twin.
    fireEvent.click(screen.getByRole('button', { name: 'Move rule 2 up' }))
    expect(values()).toEqual(['three', 'one', 'two'])
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Move rule 1 down' }))
    fireEvent.click(screen.getByRole('button', { name: 'Move rule 1 up' }))
    expect(values()).toEqual(['three', 'one', 'two'])
    fireEvent.click(screen.getByRole('button', { name: 'Move rule 3 down' }))
    expect(values()).toEqual(['three', 'one', 'two'])
    fireEvent.click(screen.getByRole('button', { name: 'Duplicate rule 2' }))
    expect(values()).toEqual(['three', 'one', 'one', 'two'])
    type(field(3, 'rule-match-value'), 'one again')
    expect(values()).toEqual(['three', 'one', 'one again', 'two'])
    fireEvent.click(screen.getByRole('button', { name: 'Remove rule 1' }))
    expect(values()).toEqual(['one', 'one again', 'two'])
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Remove rule 1' }))
    await act(async () => {
      fireEvent.click(submit())
    })
    const sent = openEndpoint.mock.calls[0]![0].config as Extract<EndpointConfig, { kind: 'tcp-server' }>
    expect((sent.responder as RulesConfig).rules.map((r) => (r.match.type === 'contains' ? r.match.payload.text : ''))).toEqual(['one', 'one again', 'two'])
  })

  it('keeps what was typed when a match changes type', () => {
    expect(withMatchType({ type: 'contains', payload: { format: 'text', text: 'GET /' } }, 'regex')).toEqual({ type: 'regex', pattern: 'GET /' })
    expect(withMatchType({ type: 'contains', payload: { format: 'hex', text: '02 10' } }, 'hex-prefix')).toEqual({ type: 'hex-prefix', hex: '02 10' })
    expect(withMatchType({ type: 'hex-prefix', hex: '02 10' }, 'exact')).toEqual({ type: 'exact', payload: { format: 'hex', text: '02 10' } })
    expect(withMatchType({ type: 'exact', payload: { format: 'text', text: 'x', encoding: 'gbk' } }, 'contains')).toEqual({ type: 'contains', payload: { format: 'text', text: 'x', encoding: 'gbk' } })
  })

  it('gives back exactly the configuration it was given, with the fields it does not show', () => {
    expect(configOf(draftOf(everything))).toEqual(everything)
    expect(checkDraft(draftOf(everything), (n) => `rule ${n}`).config).toEqual(everything)
    // Through the form's values too, as a saved workspace's endpoint would go.
    const values = { ...defaultValues('tcp-server', []), responder: 'rules' as const, rules: draftOf(everything) }
    expect(toConfig(values)).toEqual({ kind: 'tcp-server', host: '127.0.0.1', port: 0, responder: everything })
    // Moving there and back, duplicating and removing the copy change nothing.
    let d = draftOf(everything)
    d = removeRule(duplicateRule(moveRule(moveRule(d, 1, 1), 2, -1), 0), 1)
    expect(configOf(d)).toEqual(everything)
  })

  it("applies rules to a running server, opened with the rules it has and given back unchanged", async () => {
    const ep: EndpointInfo = endpoint({ name: 'rules server', config: { kind: 'tcp-server', host: '127.0.0.1', port: 0, responder: everything } })
    useAppStore.getState().upsertEndpoint(ep)
    const updateEndpoint = vi.fn((req: { endpointId: string; responder?: RulesConfig | null }) => ok({ ...ep, config: { ...ep.config, responder: req.responder! } } as EndpointInfo))
    renderWithApi(<ReceiveOptions ep={ep} />, fakeApi({ updateEndpoint }))
    fireEvent.click(screen.getByTestId('edit-rules'))
    const dialog = screen.getByTestId('rules-dialog')
    expect(within(dialog).getAllByTestId('rule')).toHaveLength(5)
    await act(async () => {
      fireEvent.click(within(dialog).getByTestId('rules-apply'))
    })
    expect(updateEndpoint).toHaveBeenCalledWith({ endpointId: 'ep1', responder: everything })
    expect(screen.queryByTestId('rules-dialog')).toBeNull()

    // A change goes live; while a rule is refused, Apply says so and sends nothing.
    fireEvent.click(screen.getByTestId('edit-rules'))
    type(field(1, 'rule-match-value'), 'PONG?')
    type(field(3, 'rule-match-value'), '(')
    expect(screen.getByTestId('rules-apply').getAttribute('aria-disabled')).toBe('true')
    await act(async () => {
      fireEvent.click(screen.getByTestId('rules-apply'))
    })
    expect(updateEndpoint).toHaveBeenCalledTimes(1)
    type(field(3, 'rule-match-value'), '^get')
    await act(async () => {
      fireEvent.click(screen.getByTestId('rules-apply'))
    })
    expect(updateEndpoint).toHaveBeenCalledTimes(2)
    const sent = updateEndpoint.mock.calls[1]![0].responder as RulesConfig
    expect(sent.rules[0]!.match).toEqual({ type: 'contains', payload: { format: 'text', text: 'PONG?' } })
    expect(sent.rules[2]!.match).toEqual({ type: 'regex', pattern: '^get', flags: 'i' })
    expect({ ...sent, rules: [] }).toEqual({ ...everything, rules: [] })
  })

  it('picking Rules on a running server opens the editor and applies nothing until Apply', async () => {
    const ep = endpoint({ config: { kind: 'tcp-server', host: '127.0.0.1', port: 0, responder: { kind: 'echo' } } })
    const updateEndpoint = vi.fn()
    renderWithApi(<ReceiveOptions ep={ep} />, fakeApi({ updateEndpoint }))
    type(screen.getByTestId('receive-responder'), 'rules')
    expect(screen.getByTestId('rules-empty')).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }))
    expect(screen.queryByTestId('rules-dialog')).toBeNull()
    expect(updateEndpoint).not.toHaveBeenCalled()
  })

  it('a TLS server edits its rules live too', () => {
    const ep = endpoint({ kind: 'tls-server', config: { kind: 'tls-server', host: '127.0.0.1', port: 0, selfSigned: true, responder: everything } })
    renderWithApi(<ReceiveOptions ep={ep} />, fakeApi())
    expect(screen.getByTestId('receive-responder')).toHaveProperty('value', 'rules')
    fireEvent.click(screen.getByTestId('edit-rules'))
    expect(screen.getAllByTestId('rule')).toHaveLength(5)
  })
})

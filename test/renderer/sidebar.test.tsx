import { act, cleanup, fireEvent, screen, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { EndpointInfo } from '../../src/shared/api'
import { Sidebar } from '../../src/renderer/src/components/endpoints/Sidebar'
import { useWorkspace } from '../../src/renderer/src/store/workspace-store'
import { endpoint, fakeApi, feed, ok, renderWithApi, resetStores } from './helpers'

/** n servers named "server 1".., the odd ones listening and the even ones stopped. */
function servers(n: number): EndpointInfo[] {
  return Array.from({ length: n }, (_, i) =>
    endpoint({ id: `s${i + 1}`, name: `server ${i + 1}`, config: { kind: 'tcp-server', host: '127.0.0.1', port: 40000 + i, name: `server ${i + 1}` }, state: i % 2 === 0 ? 'listening' : 'closed' })
  )
}

let batch = 1
function show(list: EndpointInfo[]): void {
  act(() => feed({ events: list.map((endpoint) => ({ type: 'endpoint' as const, endpoint })), counters: {} }, batch++))
}

/** An engine whose removals come back as events, as the real one's do. */
function engine() {
  const removeEndpoint = vi.fn(({ endpointId }: { endpointId: string }) => {
    feed({ events: [{ type: 'endpoint-removed', endpointId }], counters: {} }, batch++)
    return ok({ removed: true })
  })
  const closeEndpoint = vi.fn(({ endpointId }: { endpointId: string }) => ok(endpoint({ id: endpointId, state: 'closed' })))
  return { api: fakeApi({ removeEndpoint, closeEndpoint }), removeEndpoint, closeEndpoint }
}

const items = () => screen.queryAllByTestId('endpoint-item')
const checks = () => screen.queryAllByTestId('endpoint-check') as HTMLInputElement[]
const checkedCount = () => screen.queryByTestId('checked-count')?.textContent

describe('sidebar: many endpoints at once', () => {
  beforeEach(() => {
    resetStores()
    batch = 1
  })
  afterEach(cleanup)

  it('empties a list of 27 with select all, one confirmation naming them, and no click per endpoint', async () => {
    const { api, removeEndpoint } = engine()
    show(servers(27))
    renderWithApi(<Sidebar onNew={() => undefined} />, api)
    expect(items()).toHaveLength(27)
    fireEvent.click(screen.getByTestId('check-all'))
    expect(checkedCount()).toBe('27 selected')
    expect(checks().every((c) => c.checked)).toBe(true)

    // Cancel removes nothing and gives the focus back to the button.
    const removeButton = screen.getByTestId('remove-checked')
    removeButton.focus()
    fireEvent.click(removeButton)
    const dialog = screen.getByTestId('remove-confirm')
    expect(within(dialog).getByRole('heading').textContent).toBe('Remove 27 endpoints?')
    expect(within(dialog).getAllByRole('listitem').map((li) => li.textContent)).toEqual([...Array.from({ length: 8 }, (_, i) => `server ${i + 1}`), '…and 19 more'])
    // The safe answer has the focus.
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Cancel' }))
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }))
    expect(screen.queryByTestId('remove-confirm')).toBeNull()
    expect(document.activeElement).toBe(removeButton)
    expect(removeEndpoint).not.toHaveBeenCalled()

    fireEvent.click(screen.getByTestId('remove-checked'))
    await act(async () => {
      fireEvent.click(screen.getByTestId('remove-confirm-ok'))
    })
    expect(removeEndpoint).toHaveBeenCalledTimes(27)
    expect(items()).toHaveLength(0)
    expect(screen.getByTestId('endpoints-empty')).toBeTruthy()
    expect(screen.queryByTestId('remove-confirm')).toBeNull()
    // The focus is not lost with the endpoints it came from: it is on New.
    expect(document.activeElement).toBe(screen.getByTestId('new-endpoint'))
  })

  it('checks with Ctrl+click and Shift+click, apart from opening an endpoint with a plain click', () => {
    show(servers(6))
    renderWithApi(<Sidebar onNew={() => undefined} />, fakeApi())
    fireEvent.click(items()[1]!)
    expect(useWorkspace.getState().selectedEndpointId).toBe('s2')
    expect(checkedCount()).toBeUndefined()
    fireEvent.click(items()[2]!, { ctrlKey: true })
    expect(useWorkspace.getState().selectedEndpointId).toBe('s2')
    expect(checks().map((c) => c.checked)).toEqual([false, false, true, false, false, false])
    fireEvent.click(items()[4]!, { shiftKey: true })
    expect(checks().map((c) => c.checked)).toEqual([false, false, true, true, true, false])
    expect(checkedCount()).toBe('3 selected')
    // The checked rows are marked, not only their boxes.
    expect(items()[3]!.closest('li')!.className).toMatch(/checked/)
    fireEvent.click(items()[3]!, { metaKey: true })
    expect(checks().map((c) => c.checked)).toEqual([false, false, true, false, true, false])
    expect((screen.getByTestId('check-all') as HTMLInputElement).indeterminate).toBe(true)
  })

  it('stops only the checked endpoints that run', async () => {
    const { api, closeEndpoint } = engine()
    show(servers(4))
    renderWithApi(<Sidebar onNew={() => undefined} />, api)
    fireEvent.click(screen.getByTestId('check-all'))
    await act(async () => {
      fireEvent.click(screen.getByTestId('stop-checked'))
    })
    expect(closeEndpoint.mock.calls.map(([req]) => req.endpointId)).toEqual(['s1', 's3'])
  })

  it('says how many failed and why, once', async () => {
    const closeEndpoint = ({ endpointId }: { endpointId: string }) =>
      endpointId === 's3' ? Promise.resolve({ ok: false, error: { code: 'EBUSY', message: 'still closing', hint: 'wait a moment' } }) : ok(endpoint({ id: endpointId, state: 'closed' }))
    show(servers(4))
    renderWithApi(<Sidebar onNew={() => undefined} />, fakeApi({ closeEndpoint }))
    fireEvent.click(screen.getByTestId('check-all'))
    await act(async () => {
      fireEvent.click(screen.getByTestId('stop-checked'))
    })
    const notes = screen.getAllByTestId('error-note')
    expect(notes).toHaveLength(1)
    expect(notes[0]!.textContent).toMatch(/EBUSY.*1 of 2 failed.*still closing.*wait a moment/)
  })

  it('works from the keyboard: arrows move, Shift+arrows check, Ctrl+A all, Escape unchecks, Delete asks to remove', async () => {
    const { api, removeEndpoint } = engine()
    show(servers(5))
    renderWithApi(<Sidebar onNew={() => undefined} />, api)
    items()[0]!.focus()
    fireEvent.keyDown(items()[0]!, { key: 'ArrowDown' })
    expect(document.activeElement).toBe(items()[1])
    fireEvent.keyDown(items()[1]!, { key: 'ArrowDown', shiftKey: true })
    fireEvent.keyDown(items()[2]!, { key: 'ArrowDown', shiftKey: true })
    expect(document.activeElement).toBe(items()[3])
    expect(checks().map((c) => c.checked)).toEqual([false, true, true, true, false])
    fireEvent.keyDown(items()[3]!, { key: 'Escape' })
    expect(checkedCount()).toBeUndefined()
    fireEvent.keyDown(items()[3]!, { key: 'a', ctrlKey: true })
    expect(checkedCount()).toBe('5 selected')
    // Space on a box checks or unchecks it, as a check box does.
    fireEvent.click(checks()[0]!)
    expect(checkedCount()).toBe('4 selected')
    fireEvent.keyDown(items()[3]!, { key: 'Delete' })
    expect(screen.getByTestId('remove-confirm')).toBeTruthy()
    fireEvent.keyDown(document.activeElement!, { key: 'Escape' })
    expect(screen.queryByTestId('remove-confirm')).toBeNull()
    expect(document.activeElement).toBe(items()[3])
    fireEvent.keyDown(items()[3]!, { key: 'Delete' })
    await act(async () => {
      fireEvent.click(screen.getByTestId('remove-confirm-ok'))
    })
    expect(removeEndpoint.mock.calls.map(([req]) => req.endpointId)).toEqual(['s2', 's3', 's4', 's5'])
    expect(items().map((b) => b.textContent)).toEqual([expect.stringContaining('server 1')])
  })
})

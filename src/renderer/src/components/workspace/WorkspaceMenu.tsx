// The Workspace menu: export the workspace as a file, import one (replacing the current workspace
// only once the user confirms), and import Packet Sender's saved packets as saved payloads.
import { useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useApi } from '../../api/api-context'
import { formatBytes } from '../../format'
import { Menu } from '../common/Menu'
import { buildDocument } from '../../store/workspace-sync'
import { DEFAULT_LAYOUT, useWorkspace } from '../../store/workspace-store'
import { MAX_WORKSPACE_FILE_BYTES, readWorkspaceFile, workspaceFileName, workspaceFileText, WorkspaceFileError, type WorkspaceImport } from '../../../../shared/workspace-file'
import { MAX_IMPORT_FILE_BYTES, PacketImportError, readPacketSenderFile, type PacketImport } from '../../../../shared/import/packet-sender'
import { readPickedFile, saveTextFile } from './save-text-file'
import { ImportWorkspaceDialog } from './ImportWorkspaceDialog'
import { ImportPacketsDialog } from './ImportPacketsDialog'

export type PendingImport =
  | { kind: 'workspace'; fileName: string; result: WorkspaceImport }
  | { kind: 'packets'; fileName: string; result: PacketImport }
  | { kind: 'failed'; fileName: string; message: string; detail?: string }

const PROBLEM_KEYS = {
  'too-big': 'workspaceFile.problem_tooBig',
  'not-json': 'workspaceFile.problem_notJson',
  'not-workspace': 'workspaceFile.problem_notWorkspace',
  newer: 'workspaceFile.problem_newer'
} as const

const PACKET_PROBLEM_KEYS = {
  'not-json-array': 'workspaceFile.packetProblem_notJsonArray',
  'no-packets-ini': 'workspaceFile.packetProblem_noPacketsIni',
  'too-big': 'workspaceFile.packetProblem_tooBig'
} as const

export function WorkspaceMenu(): React.JSX.Element {
  const { t } = useTranslation()
  const api = useApi()
  const workspaceInput = useRef<HTMLInputElement>(null)
  const packetsInput = useRef<HTMLInputElement>(null)
  const [pending, setPending] = useState<PendingImport>()
  const [status, setStatus] = useState<string>()
  const statusTimer = useRef<ReturnType<typeof setTimeout>>(undefined)

  const say = (text: string): void => {
    setStatus(text)
    clearTimeout(statusTimer.current)
    statusTimer.current = setTimeout(() => setStatus(undefined), 5000)
  }

  const exportWorkspace = (): void => {
    const name = workspaceFileName()
    saveTextFile(name, workspaceFileText(buildDocument()))
    say(t('workspaceFile.exported', { name }))
  }

  const picked = async (input: HTMLInputElement | null, kind: 'workspace' | 'packets'): Promise<void> => {
    const file = input?.files?.[0]
    if (!input || !file) return
    // Cleared, so picking the same file again still reads it.
    input.value = ''
    const limit = kind === 'workspace' ? MAX_WORKSPACE_FILE_BYTES : MAX_IMPORT_FILE_BYTES
    try {
      const text = await readPickedFile(file, limit)
      if (typeof text !== 'string') return setPending({ kind: 'failed', fileName: file.name, message: t('workspaceFile.tooBig', { size: formatBytes(limit) }) })
      if (kind === 'workspace') setPending({ kind, fileName: file.name, result: readWorkspaceFile(text, { layout: DEFAULT_LAYOUT }) })
      else setPending({ kind, fileName: file.name, result: readPacketSenderFile(text) })
    } catch (err) {
      if (err instanceof WorkspaceFileError) setPending({ kind: 'failed', fileName: file.name, message: t(PROBLEM_KEYS[err.problem]), detail: err.message })
      else if (err instanceof PacketImportError) setPending({ kind: 'failed', fileName: file.name, message: t(PACKET_PROBLEM_KEYS[err.reason]), detail: err.message })
      else setPending({ kind: 'failed', fileName: file.name, message: t('workspaceFile.readFailed', { name: file.name }), detail: String(err) })
    }
  }

  const addPackets = (result: PacketImport): void => {
    const { savePayload } = useWorkspace.getState()
    // savePayload puts the newest first: adding in reverse keeps the file's order.
    for (const p of [...result.packets].reverse()) {
      savePayload({
        name: p.name,
        mode: 'hex',
        text: p.hex,
        encoding: 'utf-8',
        lineEnding: 'none',
        framing: 'raw',
        checksum: 'none',
        target: p.target,
        ...(p.repeatSeconds > 0 ? { repeatSeconds: p.repeatSeconds } : {})
      })
    }
    say(t('workspaceFile.packetsAdded', { count: result.packets.length }))
  }

  return (
    <>
      <Menu
        label={t('workspaceFile.menu')}
        buttonClass="secondary small"
        testId="workspace-menu"
        items={[
          { key: 'export', label: t('workspaceFile.export'), onSelect: exportWorkspace },
          { key: 'import', label: t('workspaceFile.import'), onSelect: () => workspaceInput.current?.click() },
          { key: 'packets', label: t('workspaceFile.importPackets'), onSelect: () => packetsInput.current?.click() }
        ]}
      />
      <input ref={workspaceInput} type="file" accept=".json,application/json" hidden data-testid="workspace-file-input" onChange={() => void picked(workspaceInput.current, 'workspace')} />
      <input ref={packetsInput} type="file" accept=".json,.ini,application/json" hidden data-testid="packets-file-input" onChange={() => void picked(packetsInput.current, 'packets')} />
      {status && (
        <span className="small muted" role="status" data-testid="workspace-status">
          {status}
        </span>
      )}
      {pending?.kind === 'workspace' && <ImportWorkspaceDialog api={api} fileName={pending.fileName} result={pending.result} onClose={() => setPending(undefined)} />}
      {(pending?.kind === 'packets' || pending?.kind === 'failed') && (
        <ImportPacketsDialog
          pending={pending}
          onAdd={(result) => {
            addPackets(result)
            setPending(undefined)
          }}
          onClose={() => setPending(undefined)}
        />
      )}
    </>
  )
}

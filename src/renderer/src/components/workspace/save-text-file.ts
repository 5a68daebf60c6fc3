// Hands a text file to the user: a download in the browser, the save dialog Electron shows for a
// download. Nothing leaves the window but the file itself.
import { startDownload } from '../common/download'

export function saveTextFile(fileName: string, text: string, mime = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${mime};charset=utf-8` }))
  startDownload(url, fileName)
  // The click has started the download by the time the next task runs.
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/** Reads a picked file as text, refusing one larger than `maxBytes` before reading it. */
export async function readPickedFile(file: File, maxBytes: number): Promise<string | { tooBig: true }> {
  if (file.size > maxBytes) return { tooBig: true }
  return file.text()
}

// Starts a download in the page: a one-time URL the browser shell serves, or a blob made here.
// Under Electron a download opens the save dialog.
export function startDownload(url: string, fileName: string): void {
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  a.rel = 'noopener'
  document.body.appendChild(a)
  a.click()
  a.remove()
}

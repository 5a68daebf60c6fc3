import type { EndpointInfo, SocketAddress } from '../../shared/api'

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`
  const units = ['KiB', 'MiB', 'GiB', 'TiB']
  let v = n / 1024
  let i = 0
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024
    i++
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`
}

export function formatAddress(addr: SocketAddress | { path: string } | undefined): string {
  if (!addr) return ''
  if ('path' in addr) return addr.path
  return addr.family === 'IPv6' ? `[${addr.address}]:${addr.port}` : `${addr.address}:${addr.port}`
}

const KIND_LABEL: Record<EndpointInfo['kind'], string> = {
  'tcp-server': 'TCP server',
  'tcp-client': 'TCP client',
  udp: 'UDP',
  'unix-server': 'Unix server',
  'unix-client': 'Unix client'
}

export function kindLabel(kind: EndpointInfo['kind']): string {
  return KIND_LABEL[kind]
}

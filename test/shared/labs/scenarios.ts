// For each lab, the events a class would see going through it: what its Python program and the
// student do, as the engine reports it. Endpoint ids are `ep-<role>`.
import { EventScript } from './events'

export const roleIds = (roles: string[]): Record<string, string> => Object.fromEntries(roles.map((r) => [r, `ep-${r}`]))

export const SCENARIOS: Record<string, () => EventScript> = {
  'tcp-hello': () => new EventScript().endpoint('ep-server', 'listening').open('ep-server', 'p1').data('ep-server', 'p1', 'in', 'hello!').data('ep-server', 'p1', 'out', 'hi').state('ep-server', 'p1', 'peer-ended').close('ep-server', 'p1', 'fin-peer'),
  'upper-echo': () => {
    const s = new EventScript().open('ep-server', 'p1')
    for (const m of ['hello', 'socket lab', '你好, server']) s.data('ep-server', 'p1', 'in', m).data('ep-server', 'p1', 'out', m.toUpperCase())
    return s.state('ep-server', 'p1', 'peer-ended').close('ep-server', 'p1', 'fin-peer')
  },
  'chat-bye': () =>
    new EventScript()
      .open('ep-server', 'p1')
      .data('ep-server', 'p1', 'in', 'hi')
      .data('ep-server', 'p1', 'out', 'hello, this is the server')
      .data('ep-server', 'p1', 'in', 'how are you?')
      .data('ep-server', 'p1', 'out', 'nice to meet you')
      .data('ep-server', 'p1', 'in', 'bye')
      .note('ep-server', 'p1', { kind: 'bye', from: 'peer' })
      .close('ep-server', 'p1', 'fin-local'),
  'accept-loop': () =>
    new EventScript()
      .open('ep-loop', 'a', { port: 40001 })
      .data('ep-loop', 'a', 'in', 'one')
      .data('ep-loop', 'a', 'out', 'ONE')
      .open('ep-loop', 'b', { port: 40002, waiting: true })
      .close('ep-loop', 'a', 'fin-peer')
      .state('ep-loop', 'b', 'open', 40002)
      .data('ep-loop', 'b', 'in', 'two')
      .data('ep-loop', 'b', 'out', 'TWO')
      .open('ep-concurrent', 'c', { port: 40003 })
      .open('ep-concurrent', 'd', { port: 40004 }),
  backlog: () =>
    new EventScript()
      .open('ep-server', 'a')
      .data('ep-server', 'a', 'in', 'one')
      .data('ep-server', 'a', 'out', 'ONE')
      .open('ep-server', 'b', { waiting: true })
      .open('ep-server', 'c')
      .close('ep-server', 'c', 'reset', 'EBACKLOG')
      .close('ep-server', 'a', 'fin-peer')
      .state('ep-server', 'b', 'open'),
  'address-in-use': () =>
    new EventScript()
      .endpoint('ep-server', 'listening', { localPort: 5000 })
      .open('ep-server', 'p1')
      .data('ep-server', 'p1', 'in', 'hello')
      .data('ep-server', 'p1', 'out', 'bye')
      .close('ep-server', 'p1', 'fin-local')
      .endpoint('ep-server', 'closed')
      .endpoint('ep-server', 'listening', { localPort: 5000 }),
  'udp-chat': () =>
    new EventScript()
      .endpoint('ep-server', 'listening', { kind: 'udp' })
      .data('ep-server', 'u1', 'in', 'hello')
      .data('ep-server', 'u1', 'out', 'hi taibai')
      .data('ep-server', 'u1', 'in', 'how are you')
      .data('ep-server', 'u1', 'out', 'fine')
      .data('ep-server', 'u1', 'in', 'hi from Jack'),
  'udp-time': () =>
    new EventScript()
      .data('ep-server', 'u1', 'in', '%Y %m %d')
      .data('ep-server', 'u1', 'out', '2026 12 02')
      .data('ep-server', 'u1', 'in', '')
      .data('ep-server', 'u1', 'out', '2026-12-02 07:30:00')
      .data('ep-server', 'u1', 'in', '%H:%M:%S')
      .data('ep-server', 'u1', 'out', '07:30:01'),
  'sticky-packets': () =>
    new EventScript()
      .open('ep-server', 'py', { port: 41000 })
      .data('ep-server', 'py', 'in', 'aaaaaaaaa')
      .data('ep-server', 'py', 'in', 1024)
      .data('ep-server', 'py', 'in', 1024)
      .data('ep-server', 'py', 'in', 952)
      .endpoint('ep-client', 'connected', { kind: 'tcp-client', localPort: 42000 })
      .open('ep-server', 'lab', { port: 42000 })
      .data('ep-client', 'c', 'out', 'x')
      .data('ep-client', 'c', 'out', 'x')
      .data('ep-client', 'c', 'out', 'x')
      .data('ep-server', 'lab', 'in', 'x')
      .data('ep-server', 'lab', 'in', 'xx'),
  'length-prefix': () =>
    new EventScript()
      .open('ep-server', 'p1')
      .data('ep-server', 'p1', 'in', 85)
      .frame('ep-server', 'p1', 'in', 'Hello world!')
      .frame('ep-server', 'p1', 'in', 'afdkjhfdafklajflkhaslfjahfjkahflksafjl')
      .frame('ep-server', 'p1', 'in', 'length first, then data')
      .data('ep-server', 'p1', 'out', 16)
      .data('ep-server', 'p1', 'out', 42)
      .data('ep-server', 'p1', 'out', 27)
      .state('ep-server', 'p1', 'peer-ended'),
  'file-transfer': () =>
    new EventScript()
      .open('ep-server', 'p1')
      .data('ep-server', 'p1', 'in', 65536)
      .note('ep-server', 'p1', { kind: 'upload', fileName: '1.mp4', size: 200000, sha256: 'ab'.repeat(32) })
      .note('ep-server', 'p1', { kind: 'download', fileName: '1.mp4', found: true, size: 200000 })
      .state('ep-server', 'p1', 'peer-ended'),
  'remote-command': () =>
    new EventScript()
      .open('ep-raw', 'p1')
      .data('ep-raw', 'p1', 'in', 'ps aux')
      .data('ep-raw', 'p1', 'out', 3000)
      .data('ep-raw', 'p1', 'in', 'pwd')
      .open('ep-framed', 'p2')
      .data('ep-framed', 'p2', 'in', 'ps aux')
      .data('ep-framed', 'p2', 'out', 3004),
  timeouts: () =>
    new EventScript()
      .open('ep-server', 'p1')
      .data('ep-server', 'p1', 'in', 'are you there?')
      .state('ep-server', 'p1', 'peer-ended')
      .endpoint('ep-client', 'error', { kind: 'tcp-client', error: 'ETIMEDOUT' })
}

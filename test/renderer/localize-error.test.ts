// The window says catalog errors, default endpoint names and peers in its own language; errors the
// catalog does not know keep the English they came with.
import { afterEach, describe, expect, it } from 'vitest'
import { SocketLabError } from '../../src/shared/errors'
import { parseHex } from '../../src/shared/codec'
import { i18n } from '../../src/renderer/src/i18n'
import { localizeEndpointName, localizeError, localizePeerLabel } from '../../src/renderer/src/i18n/localize'
import { displayName } from '../../src/renderer/src/format'
import { endpoint } from './helpers'

/** What is left of a text once codes (EADDRINUSE, TCP, SO_REUSEADDR), addresses and digits are gone. */
function latinWords(text: string): string[] {
  const rest = text
    .replace(/\b[A-Z][A-Z0-9_]*[A-Z0-9]\b/g, ' ')
    .replace(/\[?[0-9a-f:.]*\d[0-9a-f:.]*\]?(:\d+)?/gi, ' ')
    .replace(/\d+/g, ' ')
  return rest.match(/[A-Za-z]{2,}/g) ?? []
}

const inUse = SocketLabError.of('EADDRINUSE', {
  id: 'osFailed',
  hintId: 'addressInUseTcp',
  params: { action: 'listenOn', target: '127.0.0.1:9000', reason: 'EADDRINUSE', holder: 'anotherTcpSocket' }
}).toJSON()

afterEach(async () => {
  await i18n.changeLanguage('en')
})

describe('errors in the window', () => {
  it('in English are the English the error carries', () => {
    expect(localizeError(inUse, 'en')).toEqual({ message: inUse.message, hint: inUse.hint })
  })

  it('in Chinese are Chinese: no English word beyond codes and addresses', () => {
    const zh = localizeError(inUse, 'zh-CN')
    expect(zh.message).toBe('监听 127.0.0.1:9000 失败：端口已被占用')
    expect(zh.hint).toContain('127.0.0.1:9000 已被另一个 TCP 套接字占用')
    expect(latinWords(`${zh.message} ${zh.hint}`)).toEqual([])
    let badHex: unknown
    try {
      parseHex('zz')
    } catch (err) {
      badHex = err
    }
    const hex = localizeError(badHex as SocketLabError, 'zh-CN')
    expect(hex.message).toBe("位置 0 的 'z' 不是十六进制数字")
    expect(latinWords(`${hex.message} ${hex.hint}`)).toEqual([])
  })

  it("name the engine's own endpoints and peers in Chinese", () => {
    const owned = SocketLabError.of('EADDRINUSE', {
      id: 'osFailed',
      hintId: 'addressInUseTcp',
      params: { action: 'listenOn', target: '127.0.0.1:9000', reason: 'EADDRINUSE', holder: `this app's endpoint "TCP server 127.0.0.1:9000"` }
    })
    expect(localizeError(owned, 'zh-CN').hint).toContain('已被本程序的端点“TCP 服务端 127.0.0.1:9000”占用')
    const peer = SocketLabError.of('EPIPE', { id: 'weEnded', params: { peer: '127.0.0.1:5000 on "TCP client to 127.0.0.1:9000"' } })
    expect(localizeError(peer, 'zh-CN').message).toBe('“TCP 客户端 → 127.0.0.1:9000”上的 127.0.0.1:5000 已不能再写：我方已经结束发送')
  })

  it('keep the English of an error the catalog does not know', () => {
    const plain = { code: 'EWHAT', message: 'something odd', hint: 'try again' }
    expect(localizeError(plain, 'zh-CN')).toEqual({ message: 'something odd', hint: 'try again' })
  })
})

describe('endpoint names in the window', () => {
  it('say default names in the window language, port 0 shown as the port got; given names stay', async () => {
    await i18n.changeLanguage('zh-CN')
    expect(displayName(endpoint())).toBe('TCP 服务端 127.0.0.1:40123')
    expect(displayName(endpoint({ name: 'echo', config: { kind: 'tcp-server', host: '127.0.0.1', port: 0, name: 'echo' } }))).toBe('echo')
    expect(localizeEndpointName('Unix client to /tmp/x.sock')).toBe('Unix 客户端 → /tmp/x.sock')
    expect(localizePeerLabel('client #3 on "Unix server /tmp/x.sock"')).toBe('“Unix 服务端 /tmp/x.sock”上的 客户端 #3')
    await i18n.changeLanguage('en')
    expect(displayName(endpoint())).toBe('TCP server 127.0.0.1:40123')
  })
})

describe('refused options in the window', () => {
  it('say the field and the range in Chinese', () => {
    const err = SocketLabError.of('EINVAL', { id: 'invalidOption', hintId: 'invalidOptions', params: { what: 'endpointOptions', field: 'port', reason: 'portRange' } })
    expect(localizeError(err, 'zh-CN').message).toBe('端点选项无效：port：端口必须在 0 到 65535 之间（0 表示自动选择空闲端口）')
    const big = SocketLabError.of('EINVAL', { id: 'invalidOptionTooBig', hintId: 'invalidOptions', params: { what: 'endpointOptions', field: 'backlog', limit: 65535 } })
    expect(localizeError(big, 'zh-CN').message).toBe('端点选项无效：backlog 最大为 65535')
  })
})

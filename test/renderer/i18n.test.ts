import { describe, expect, it } from 'vitest'
import { en } from '../../src/renderer/src/i18n/en'
import { zhCN } from '../../src/renderer/src/i18n/zh-CN'

function leaves(obj: object, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k
    if (typeof v === 'string') out.set(key, v)
    else for (const [kk, vv] of leaves(v as object, key)) out.set(kk, vv)
  }
  return out
}

const placeholders = (s: string): string[] => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!).sort()

describe('translations', () => {
  const english = leaves(en)
  const chinese = leaves(zhCN)

  it('have exactly the same keys in English and Simplified Chinese', () => {
    expect([...chinese.keys()].sort()).toEqual([...english.keys()].sort())
  })

  it('have no empty strings', () => {
    for (const [key, value] of [...english, ...chinese]) expect(value.trim(), key).not.toBe('')
  })

  it('use the same placeholders in both languages', () => {
    for (const [key, value] of english) expect(placeholders(chinese.get(key)!), key).toEqual(placeholders(value))
  })

  it('are Chinese where they should be: the networking terms a class uses', () => {
    const all = [...chinese.values()].join('\n')
    for (const term of ['服务端', '客户端', '粘包', '拆包', '帧', '十六进制', '端口', '监听', '连接', '断开', '复位', '半关闭']) expect(all).toContain(term)
  })
})

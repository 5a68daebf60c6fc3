import { describe, it, expect, beforeAll } from 'vitest'
import fc from 'fast-check'
import { pythonStrftime, StrftimeError } from '../../../src/shared/responders/strftime'
import { structTimeAt } from '../../../src/shared/responders/local-time'
import { askPython, ourStructTime, type OracleAnswer } from './python-oracle'

// 2023-11-15 06:13:20 in Shanghai (a Wednesday, +0800, CST).
const T = 1_700_000_000
const shanghai = structTimeAt(T * 1000, 8 * 3600, 'CST')

describe('pythonStrftime, against outputs recorded from CPython 3.11 on glibc 2.36 (TZ=Asia/Shanghai, LC_ALL=C)', () => {
  const recorded: [string, string][] = [
    ['%Y-%m-%d %X', '2023-11-15 06:13:20'],
    ['', ''],
    ['%', '%'],
    ['a%', 'a%'],
    ['%%', '%'],
    ['%%%', '%%'],
    ['%Q', '%Q'],
    ['%+', '%+'],
    ['%E', '%E'],
    ['%5', '   %5'],
    ['%-', '%-'],
    ['%E%', '%'],
    ['%5E%', '    %'],
    ['%c', 'Wed Nov 15 06:13:20 2023'],
    ['%x', '11/15/23'],
    ['%r', '06:13:20 AM'],
    ['%a %A %b %B %h', 'Wed Wednesday Nov November Nov'],
    ['%p %P', 'AM am'],
    ['%Z %z %s', 'CST +0800 1700000000'],
    ['%G %g %V %U %W %j %u %w %C %k %l %e', '2023 23 46 46 46 319 3 3 20  6  6 15'],
    ['%D %F %T %R %n %t', '11/15/23 2023-11-15 06:13:20 06:13 \n \t'],
    ['%-d %_d %0e', '15 15 15'],
    ['%^a %#a %#Z %^10B %#b %#p', 'WED WED cst   NOVEMBER NOV am'],
    ['%10Y|%-10Y|%_10Y', '0000002023|      2023|      2023'],
    ['%010z', '000000000+0000000800'],
    ['%-z %_z', '+800 + 800'],
    ['%:z %::z', '%:z %::z'],
    ['%Ed %OY %Ea %Eb %OB %Oc %EU %OU', '%Ed %OY %Ea %Eb November %Oc %EU 46'],
    ['%^Ed', '%^ED'],
    ['%030c', '000000Wed Nov 15 06:13:20 2023'],
    ['%15s|%015s|%-5a', '     1700000000|000001700000000|  Wed'],
    ['%3%|%5n', '  %|    \n'],
    ['%Y年%m月%d日', '2023年11月15日'],
    ['%^é', '%^é'],
    ['%9999Y', '']
  ]
  it.each(recorded)('%j', (format, expected) => {
    expect(pythonStrftime(format, shanghai)).toBe(expected)
  })

  it('%1000Y is a thousand characters, within the 1024-character buffer', () => {
    const out = pythonStrftime('%1000Y', shanghai)
    expect(out).toBe('0'.repeat(996) + '2023')
  })

  it('refuses a NUL in the format as Python does (ValueError: embedded null character)', () => {
    expect(() => pythonStrftime('a\0b', shanghai)).toThrow(StrftimeError)
  })

  it('a width past INT_MAX neither hangs nor allocates: the result is empty, as in Python', () => {
    expect(pythonStrftime('%99999999999999999999Y', shanghai)).toBe('')
    expect(pythonStrftime('%2147483647c', shanghai)).toBe('')
  })

  it('says when the result is longer than asked, without building it', () => {
    expect(pythonStrftime('%1000Y', shanghai, 999)).toBeUndefined()
    expect(pythonStrftime('%1000Y', shanghai, 1000)).toHaveLength(1000)
    // Too long for CPython's buffer: '' whatever the limit, as Python returns.
    expect(pythonStrftime('%9999Y', shanghai, 10)).toBe('')
    // Two million characters CPython would return, counted but not made.
    const format = '%2000000Y' + 'x'.repeat(8000)
    expect(pythonStrftime(format, shanghai, 65_507)).toBeUndefined()
    expect(pythonStrftime(format, shanghai)).toHaveLength(2_008_000)
  })

  it('never returns more than the buffer CPython would give it', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (format) => {
        fc.pre(!format.includes('\0'))
        const n = Array.from(format).length
        let size = 1024
        while (size < 256 * n) size *= 2
        expect(Array.from(pythonStrftime(format, shanghai)!).length).toBeLessThan(size)
      })
    )
  })
})

// The same comparison, live: the machine's python3 formats the same instants in several zones,
// with formats made up at random from every directive, flag, width and modifier.
const ZONES = ['UTC', 'Asia/Shanghai', 'America/New_York', 'Asia/Kolkata', 'America/St_Johns']
const INSTANTS = [
  0,
  T,
  1_689_000_000, // July 2023: daylight saving time in New York and St. John's
  1_609_459_200, // 2021-01-01, ISO week 53 of 2020
  1_735_516_800, // 2024-12-30, ISO week 1 of 2025
  1_798_934_400, // 2027-01-03, a Sunday
  1_709_208_000, // 2024-02-29 12:00 UTC, noon on a leap day
  1_735_689_599, // 2024-12-31 23:59:59 UTC, the 366th day
  -31_536_000, // 1969
  4_102_444_800 // 2100-01-01
]

const directive = fc
  .tuple(
    fc.constantFrom('', '', '', '_', '-', '0', '^', '#', '^#', '#^', '_^', '0#', '-^'),
    fc.oneof({ weight: 6, arbitrary: fc.constant('') }, { weight: 3, arbitrary: fc.integer({ min: 0, max: 30 }).map(String) }, fc.constantFrom('1000', '1030', '4000', '99999')),
    fc.constantFrom('', '', '', 'E', 'O'),
    fc.constantFrom(...'aAbBcCdDeFgGhHIjklmMnpPrRsStTuUVwWxXyYzZ%+QqfiLN:é年 '.split(''), '')
  )
  .map(([flags, width, modifier, conversion]) => `%${flags}${width}${modifier}${conversion}`)
const literal = fc.constantFrom('', '-', ' ', ':', 'T', 'x', '年', '😀', '\t', '%%')
const format = fc.array(fc.oneof(directive, literal), { maxLength: 8 }).map((parts) => parts.join(''))
const FORMATS = [...fc.sample(format, { numRuns: 400, seed: 20_231_115 }), '%Y-%m-%d %X', '%c', '%x %X', '%#Eb|%#EB|%#Ea|%#EA', '%^P|%^#p|%#^p', '%_E%|%0E%']

describe.each(ZONES)('pythonStrftime matches the live python3 in TZ=%s', (tz) => {
  const pairs: [number, string][] = INSTANTS.flatMap((s) => FORMATS.map((f): [number, string] => [s, f]))
  let answers: OracleAnswer[]
  beforeAll(() => {
    answers = askPython(tz, pairs)
  })

  it('builds the same struct_time from the instant and the zone offset', () => {
    for (let i = 0; i < pairs.length; i += FORMATS.length) expect(ourStructTime(answers[i]!)).toEqual(answers[i]!.tm)
  })

  it('formats every sampled format as Python does', () => {
    const mismatches: string[] = []
    pairs.forEach(([seconds, fmt], i) => {
      const a = answers[i]!
      const ours = pythonStrftime(fmt, ourStructTime(a))
      const show = (s: string | undefined): string => JSON.stringify(s)?.slice(0, 120) ?? 'undefined'
      if (ours !== a.text) mismatches.push(`${seconds} ${show(fmt)}: python ${show(a.text ?? a.error)}, ours ${show(ours)}`)
    })
    expect(mismatches.slice(0, 10)).toEqual([])
  })
})

import { describe, it, expect, afterEach } from 'vitest'
import fc from 'fast-check'
import { structTimeAt, systemClock } from '../../../src/shared/responders/local-time'

describe('structTimeAt', () => {
  it('agrees with Date in UTC for any instant from 1900 to 2200', () => {
    fc.assert(
      fc.property(fc.integer({ min: -2_208_988_800_000, max: 7_258_118_400_000 }), (ms) => {
        const t = structTimeAt(ms, 0, 'UTC')
        const d = new Date(Math.floor(ms / 1000) * 1000)
        expect([t.year, t.month, t.mday, t.hour, t.minute, t.second, t.wday]).toEqual([d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCDay()])
        expect(t.yday).toBe(Math.round((Date.UTC(t.year, t.month, t.mday) - Date.UTC(t.year, 0, 1)) / 86_400_000))
      })
    )
  })

  it('floors to whole seconds before the epoch too, as time.localtime does', () => {
    expect(structTimeAt(-1, 0, 'UTC')).toMatchObject({ year: 1969, month: 11, mday: 31, hour: 23, minute: 59, second: 59, epochSeconds: -1 })
  })
})

describe('systemClock', () => {
  const saved = process.env.TZ
  afterEach(() => {
    if (saved === undefined) delete process.env.TZ
    else process.env.TZ = saved
  })

  it('gives the local time, offset and daylight saving of the zone the process runs in', () => {
    process.env.TZ = 'America/New_York'
    const summer = systemClock().localtime(1_689_000_000_000)
    expect(summer).toMatchObject({ year: 2023, month: 6, mday: 10, hour: 10, gmtOffset: -4 * 3600, isDst: 1, zone: 'EDT' })
    const winter = systemClock().localtime(1_700_000_000_000)
    expect(winter).toMatchObject({ hour: 17, gmtOffset: -5 * 3600, isDst: 0, zone: 'EST' })
    process.env.TZ = 'Asia/Shanghai'
    // Intl has no abbreviation for China Standard Time: the offset stands in for glibc's CST.
    expect(systemClock().localtime(1_700_000_000_000)).toMatchObject({ hour: 6, gmtOffset: 8 * 3600, isDst: 0, zone: 'GMT+8' })
  })
})

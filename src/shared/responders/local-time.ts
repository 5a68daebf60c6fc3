// Broken-down time as C's `struct tm` holds it (and Python's struct_time hands to strftime), and
// the clocks that make it: a fixed zone for tests, the system's zone for the engine.
import type { Clock } from './types'

export interface StructTime {
  /** Full year, e.g. 2023. */
  year: number
  /** 0 (January) to 11, as tm_mon. */
  month: number
  /** Day of the month, 1 to 31. */
  mday: number
  hour: number
  minute: number
  /** 0 to 61, as tm_sec (leap seconds allowed). */
  second: number
  /** Day of the week, 0 = Sunday, as tm_wday. */
  wday: number
  /** Day of the year, 0 to 365, as tm_yday. */
  yday: number
  /** 1 in daylight saving time, 0 outside it, -1 unknown (then %z prints nothing). */
  isDst: number
  /** Seconds east of UTC, as tm_gmtoff. */
  gmtOffset: number
  /** The zone's abbreviation, as tm_zone (CST, UTC...). */
  zone: string
  /** The instant in whole seconds since the epoch: what %s prints. */
  epochSeconds: number
}

const DAY_SECONDS = 86_400

/** Days from 1970-01-01 to the given civil date (proleptic Gregorian). */
function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146_097 + doe - 719_468
}

/** The civil date of a day count from 1970-01-01: [year, month 1-12, day]. */
function civilFromDays(z: number): [number, number, number] {
  z += 719_468
  const era = Math.floor(z / 146_097)
  const doe = z - era * 146_097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1
  const m = mp + (mp < 10 ? 3 : -9)
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d]
}

/**
 * The local time of `epochMs` in a zone `gmtOffset` seconds east of UTC, the way localtime()
 * fills struct tm. Seconds are floored, as time.localtime() floors a float.
 */
export function structTimeAt(epochMs: number, gmtOffset: number, zone: string, isDst = 0): StructTime {
  const epochSeconds = Math.floor(epochMs / 1000)
  const local = epochSeconds + gmtOffset
  const days = Math.floor(local / DAY_SECONDS)
  const secs = local - days * DAY_SECONDS
  const [year, m, d] = civilFromDays(days)
  return {
    year,
    month: m - 1,
    mday: d,
    hour: Math.floor(secs / 3600),
    minute: Math.floor((secs % 3600) / 60),
    second: secs % 60,
    wday: (((days + 4) % 7) + 7) % 7,
    yday: days - daysFromCivil(year, 1, 1),
    isDst,
    gmtOffset,
    zone,
    epochSeconds
  }
}

/** A clock stopped at `epochMs` in a fixed zone: what tests hand a responder. */
export function fixedClock(epochMs: number, gmtOffset = 0, zone = 'UTC', isDst = 0): Clock {
  return {
    now: () => epochMs,
    localtime: (ms) => structTimeAt(ms, gmtOffset, zone, isDst)
  }
}

/**
 * The machine's clock and zone, for the engine. The zone's abbreviation comes from Intl, which
 * knows fewer abbreviations than the C library: where it has none it gives a GMT offset
 * ("GMT+8" where glibc says "CST"), and %Z prints that.
 */
export function systemClock(): Clock {
  let names: Intl.DateTimeFormat | undefined
  return {
    now: () => Date.now(),
    localtime(ms) {
      const date = new Date(ms)
      const offset = -date.getTimezoneOffset() * 60
      const year = date.getFullYear()
      const standard = Math.min(-new Date(year, 0, 1).getTimezoneOffset(), -new Date(year, 6, 1).getTimezoneOffset()) * 60
      names ??= new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' })
      const zone = names.formatToParts(date).find((p) => p.type === 'timeZoneName')?.value ?? ''
      return structTimeAt(ms, offset, zone, offset > standard ? 1 : 0)
    }
  }
}

// Python's time.strftime as it behaves on Linux: CPython hands the format to glibc's wcsftime, in
// the C locale for LC_TIME. So this follows glibc's rules, including the GNU extensions Python
// passes through: flags `_ - 0 ^ #`, a field width, the E and O modifiers, %k %l %P %s %G %g %V...
// and glibc's quirks: an unknown directive is copied as written (`%Q` stays `%Q`, a lone `%` at
// the end stays), padding applies to every piece a directive writes (`%010z` pads the sign too).
// And CPython's own: a format with a NUL is a ValueError, and an output that does not fit a buffer
// of about 256 characters per format character comes back empty (`%9999Y` gives '').
// Case changes touch ASCII letters only, as in the C locale.
import type { StructTime } from './local-time'

export class StrftimeError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'StrftimeError'
  }
}

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

// The C locale's formats (nl_langinfo D_T_FMT, D_FMT, T_FMT, T_FMT_AMPM); it has no eras or
// alternative digits, so %Ec, %EY, %Od... print what %c, %Y, %d print.
const D_T_FMT = '%a %b %e %H:%M:%S %Y'
const D_FMT = '%m/%d/%y'
const T_FMT = '%H:%M:%S'
const T_FMT_AMPM = '%I:%M:%S %p'

const INT_MAX = 2 ** 31 - 1

/** Thrown inside when the output outgrows its budget; turned into CPython's empty result. */
class Overflow extends Error {}

/**
 * Output being built, counted in code points (glibc's wchar_t). Past `limit` it overflows; past
 * `keep` it is only counted, so a width of two billion costs no memory.
 */
class Out {
  readonly parts: string[] = []
  length = 0
  constructor(
    readonly limit: number,
    readonly keep: number
  ) {}

  get kept(): boolean {
    return this.length <= this.keep
  }

  /** Counts the next `n` code points, before they are written. */
  reserve(n: number): void {
    if (this.length + n > this.limit) throw new Overflow()
    this.length += n
  }

  write(text: string): void {
    if (this.kept) this.parts.push(text)
  }

  pad(ch: string, n: number): void {
    if (this.kept) this.parts.push(ch.repeat(n))
  }

  text(): string {
    return this.parts.join('')
  }
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9'
}

function asciiUpper(s: string): string {
  return s.replace(/[a-z]+/g, (m) => m.toUpperCase())
}

function asciiLower(s: string): string {
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase())
}

function codePointLength(s: string): number {
  let n = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1)
      if (d >= 0xdc00 && d <= 0xdfff) i++
    }
    n++
  }
  return n
}

/** The number of days from the first day of the ISO week-numbering year to `yday`. */
function isoWeekDays(yday: number, wday: number): number {
  const bigEnoughMultipleOf7 = (Math.trunc(366 / 7) + 2) * 7
  return yday - ((yday - wday + 4 + bigEnoughMultipleOf7) % 7) + 4 - 1
}

function isLeap(y: number): boolean {
  return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)
}

/** Writes `format` for `t` into `out`; glibc's __strftime_internal over code points. */
function render(format: readonly string[], t: StructTime, out: Out): void {
  const hour12 = t.hour > 12 ? t.hour - 12 : t.hour === 0 ? 12 : t.hour
  for (let f = 0; f < format.length; f++) {
    const c = format[f]!
    if (c !== '%') {
      out.reserve(1)
      out.write(c)
      continue
    }
    const start = f
    let pad = '' // '', '_', '-' or '0'
    let toUpper = false
    let toLower = false
    let changeCase = false
    let width = -1
    for (;;) {
      const flag = format[++f]
      if (flag === '_' || flag === '-' || flag === '0') pad = flag
      else if (flag === '^') toUpper = true
      else if (flag === '#') changeCase = true
      else break
    }
    if (isDigit(format[f])) {
      width = 0
      do {
        width = Math.min(INT_MAX, width * 10 + (format[f]!.charCodeAt(0) - 48))
        f++
      } while (isDigit(format[f]))
    }
    let modifier = ''
    if (format[f] === 'E' || format[f] === 'O') modifier = format[f++]!

    /** glibc's add(): `n` characters, preceded by padding up to the width. */
    const add = (text: string, n = codePointLength(text)): void => {
      const delta = width - n
      out.reserve(n + (delta > 0 ? delta : 0))
      if (delta > 0) out.pad(pad === '0' ? '0' : ' ', delta)
      out.write(text)
    }
    /** glibc's cpy(): add() with the case change asked for. */
    const cpy = (text: string): void => add(toLower ? asciiLower(text) : toUpper ? asciiUpper(text) : text)
    const badFormat = (): void => {
      // As written, from its '%' (or only the '%' when the directive itself was '%').
      cpy(format[f] === '%' ? '%' : format.slice(start, f + 1).join(''))
    }
    const subformat = (sub: string): void => {
      const inner = new Out(out.limit - out.length, out.keep - out.length)
      render(Array.from(sub), t, inner)
      let text = inner.text()
      if (toUpper) text = asciiUpper(text)
      add(text, inner.length)
    }
    const number = (digits: number, value: number, spacePad = false): void => {
      if (spacePad && pad !== '0' && pad !== '-') pad = '_'
      signAndPadding(Math.max(digits, width), String(Math.abs(value)), value < 0)
    }
    const signAndPadding = (digits: number, magnitude: string, negative: boolean): void => {
      let s = negative ? '-' + magnitude : magnitude
      if (pad !== '-') {
        const padding = digits - s.length
        if (padding > 0) {
          if (pad === '_') {
            out.reserve(padding)
            out.pad(' ', padding)
            width = width > padding ? width - padding : 0
          } else {
            out.reserve(padding + (negative ? 1 : 0))
            if (negative) {
              out.write('-')
              s = s.slice(1)
            }
            out.pad('0', padding)
            width = 0
          }
        }
      }
      cpy(s)
    }

    const fc = format[f]
    switch (fc) {
      case '%':
        if (modifier) badFormat()
        else add('%')
        break
      case 'a':
      case 'A':
        if (modifier) {
          badFormat()
          break
        }
        if (changeCase) [toUpper, toLower] = [true, false]
        cpy(t.wday < 0 || t.wday > 6 ? '?' : fc === 'a' ? DAYS[t.wday]!.slice(0, 3) : DAYS[t.wday]!)
        break
      case 'b':
      case 'h':
      case 'B':
        // Case first, unlike %a: a bad %#Eb is copied in upper case.
        if (changeCase) [toUpper, toLower] = [true, false]
        if (modifier === 'E') {
          badFormat()
          break
        }
        cpy(t.month < 0 || t.month > 11 ? '?' : fc === 'B' ? MONTHS[t.month]! : MONTHS[t.month]!.slice(0, 3))
        break
      case 'c':
        if (modifier === 'O') badFormat()
        else subformat(D_T_FMT)
        break
      case 'C':
        number(1, Math.trunc(t.year / 100) - (t.year % 100 < 0 ? 1 : 0))
        break
      case 'x':
        if (modifier === 'O') badFormat()
        else subformat(D_FMT)
        break
      case 'D':
        if (modifier) badFormat()
        else subformat('%m/%d/%y')
        break
      case 'd':
        if (modifier === 'E') badFormat()
        else number(2, t.mday)
        break
      case 'e':
        if (modifier === 'E') badFormat()
        else number(2, t.mday, true)
        break
      case 'F':
        if (modifier) badFormat()
        else subformat('%Y-%m-%d')
        break
      case 'H':
        if (modifier === 'E') badFormat()
        else number(2, t.hour)
        break
      case 'I':
        if (modifier === 'E') badFormat()
        else number(2, hour12)
        break
      case 'k':
        if (modifier === 'E') badFormat()
        else number(2, t.hour, true)
        break
      case 'l':
        if (modifier === 'E') badFormat()
        else number(2, hour12, true)
        break
      case 'j':
        if (modifier === 'E') badFormat()
        else number(3, t.yday + 1)
        break
      case 'M':
        if (modifier === 'E') badFormat()
        else number(2, t.minute)
        break
      case 'm':
        if (modifier === 'E') badFormat()
        else number(2, t.month + 1)
        break
      case 'n':
        add('\n')
        break
      case 't':
        add('\t')
        break
      case 'P':
      case 'p':
        if (fc === 'P') toLower = true
        if (changeCase) [toUpper, toLower] = [false, true]
        cpy(t.hour > 11 ? 'PM' : 'AM')
        break
      case 'R':
        subformat('%H:%M')
        break
      case 'r':
        subformat(T_FMT_AMPM)
        break
      case 'S':
        if (modifier === 'E') badFormat()
        else number(2, t.second)
        break
      case 's':
        signAndPadding(1, String(Math.abs(t.epochSeconds)), t.epochSeconds < 0)
        break
      case 'X':
        if (modifier === 'O') badFormat()
        else subformat(T_FMT)
        break
      case 'T':
        subformat('%H:%M:%S')
        break
      case 'u':
        number(1, ((t.wday - 1 + 7) % 7) + 1)
        break
      case 'U':
        if (modifier === 'E') badFormat()
        else number(2, Math.trunc((t.yday - t.wday + 7) / 7))
        break
      case 'V':
      case 'g':
      case 'G': {
        if (modifier === 'E') {
          badFormat()
          break
        }
        let year = t.year
        let days = isoWeekDays(t.yday, t.wday)
        if (days < 0) {
          // This ISO week belongs to the previous year.
          year--
          days = isoWeekDays(t.yday + (365 + (isLeap(year) ? 1 : 0)), t.wday)
        } else {
          const d = isoWeekDays(t.yday - (365 + (isLeap(year) ? 1 : 0)), t.wday)
          if (d >= 0) {
            // This ISO week belongs to the next year.
            year++
            days = d
          }
        }
        if (fc === 'g') number(2, ((year % 100) + 100) % 100)
        else if (fc === 'G') number(1, year)
        else number(2, Math.trunc(days / 7) + 1)
        break
      }
      case 'W':
        if (modifier === 'E') badFormat()
        else number(2, Math.trunc((t.yday - ((t.wday - 1 + 7) % 7) + 7) / 7))
        break
      case 'w':
        if (modifier === 'E') badFormat()
        else number(1, t.wday)
        break
      case 'Y':
        if (modifier === 'O') badFormat()
        else number(1, t.year)
        break
      case 'y':
        number(2, ((t.year % 100) + 100) % 100)
        break
      case 'Z':
        if (changeCase) [toUpper, toLower] = [false, true]
        cpy(t.zone)
        break
      case 'z': {
        if (t.isDst < 0) break
        let diff = Math.trunc(t.gmtOffset)
        if (diff < 0) {
          add('-')
          diff = -diff
        } else {
          add('+')
        }
        diff = Math.trunc(diff / 60)
        number(4, Math.trunc(diff / 60) * 100 + (diff % 60))
        break
      }
      case undefined:
        // A directive cut off by the end of the format is copied as written.
        f--
        badFormat()
        break
      default:
        badFormat()
    }
  }
}

/**
 * `time.strftime(format, t)` as CPython 3 on Linux returns it, or undefined when that is longer
 * than `maxLength` code points (found without building it). Throws StrftimeError where Python
 * raises ValueError (a NUL in the format).
 */
export function pythonStrftime(format: string, t: StructTime, maxLength = Infinity): string | undefined {
  if (format.includes('\0')) throw new StrftimeError('embedded null character')
  const chars = Array.from(format)
  // CPython tries buffers of 1024, 2048... characters and gives up (returning '') once the buffer
  // is at least 256 times the format's length; glibc needs one character for the terminating NUL.
  let size = 1024
  while (size < 256 * chars.length) size *= 2
  const out = new Out(size - 1, maxLength)
  try {
    render(chars, t, out)
  } catch (err) {
    if (err instanceof Overflow) return ''
    throw err
  }
  return out.kept ? out.text() : undefined
}

// Asks the real CPython what time.strftime gives, so the TypeScript strftime is checked against it
// rather than against what we believe Python does.
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { requirePeerTool } from '../../helpers/peer-tools'
import { structTimeAt, type StructTime } from '../../../src/shared/responders/local-time'

export interface OracleAnswer {
  /** The struct_time Python's localtime gave, as our StructTime. */
  tm: StructTime
  text?: string
  error?: string
}

type RawTm = [number, number, number, number, number, number, number, number, number, number, string]

/** What `time.strftime(fmt, time.localtime(seconds))` gives for each pair, with TZ=`tz` and LC_ALL=C. */
export function askPython(tz: string, pairs: [number, string][]): OracleAnswer[] {
  const python = requirePeerTool('python3')
  const run = spawnSync(python, [join(__dirname, 'python', 'strftime_oracle.py')], {
    input: JSON.stringify(pairs),
    env: { PATH: process.env.PATH ?? '', TZ: tz, LC_ALL: 'C', PYTHONIOENCODING: 'utf-8' },
    encoding: 'utf-8',
    maxBuffer: 256 * 1024 * 1024,
    timeout: 60_000
  })
  if (run.status !== 0) throw new Error(`python3 failed (${run.status}): ${run.stderr}`)
  const raw = JSON.parse(run.stdout) as { tm: RawTm; text?: string; error?: string }[]
  return raw.map((r, i) => {
    const [year, mon, mday, hour, min, sec, pyWday, yday, isDst, gmtoff, zone] = r.tm
    const answer: OracleAnswer = {
      tm: {
        year,
        month: mon - 1,
        mday,
        hour,
        minute: min,
        second: sec,
        // Python counts weekdays from Monday = 0, C from Sunday = 0.
        wday: (pyWday + 1) % 7,
        yday: yday - 1,
        isDst,
        gmtOffset: gmtoff,
        zone,
        epochSeconds: pairs[i]![0]
      }
    }
    if (r.text !== undefined) answer.text = r.text
    if (r.error !== undefined) answer.error = r.error
    return answer
  })
}

/** Our struct for the same instant, from the offset and zone Python reported. */
export function ourStructTime(answer: OracleAnswer): StructTime {
  return structTimeAt(answer.tm.epochSeconds * 1000, answer.tm.gmtOffset, answer.tm.zone, answer.tm.isDst)
}

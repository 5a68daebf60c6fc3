// `npm run bench`: runs every suite in sequence (never in CI) and prints each figure beside its baseline.
// Pass suite names to run only some: `npm run bench -- codec engine`.
import { formatRow, targetMet, type BenchSuite } from './report'

const suites: Record<string, () => Promise<{ default: BenchSuite }>> = {
  codec: () => import('./codec.bench'),
  engine: () => import('./engine.bench'),
  cli: () => import('./cli.bench'),
  hostile: () => import('./hostile.bench'),
  export: () => import('./export.bench'),
  ui: () => import('./ui.bench')
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2)
  const names = Object.keys(suites).filter((n) => wanted.length === 0 || wanted.includes(n))
  let missed = 0
  for (const name of names) {
    const suite = (await suites[name]!()).default
    console.log(`\n== ${suite.name} ==`)
    for (const row of await suite.run()) {
      console.log(formatRow(row))
      if (targetMet(row) === false) missed++
    }
  }
  console.log(`\n${missed === 0 ? 'all targets met' : `${missed} target(s) missed`}`)
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})

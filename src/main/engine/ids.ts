// Short ids people can read in the UI and type into the CLI (`e3`, `p17`), never reused within
// their scope so an old event never names a new thing.

export type IdSource = () => string

export function createIdSource(prefix: string): IdSource {
  let next = 1
  return () => `${prefix}${next++}`
}

// A minimal stand-in for the parts of Electron the shell touches. Filled in by the shell tests.
export function createElectronFake(): Record<string, unknown> {
  return {}
}

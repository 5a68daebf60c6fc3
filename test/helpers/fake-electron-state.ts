import type { FakeState } from './electron-fake'

/** The recorded state of the electron fake installed by mock-electron.ts. */
export async function fakeElectron(): Promise<FakeState> {
  const electron = (await import('electron')) as unknown as { __fake: FakeState }
  return electron.__fake
}

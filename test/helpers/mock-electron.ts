// The Electron runtime cannot be downloaded on the build machines, so `electron` is mocked once here
// for every Node-side test. The fake records what the shell registers so tests can drive it.
import { vi } from 'vitest'
import { createElectronFake } from './electron-fake'

vi.mock('electron', () => createElectronFake())

import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

// CommonJS output for main and preload (no "type": "module"), so the preload is a plain .js file that
// Electron can run sandboxed. The CLI is a second entry of the main build: it shares the engine and
// handlers with the desktop app, and never loads electron.
export default defineConfig({
  main: {
    build: {
      target: 'node20',
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          cli: resolve(__dirname, 'src/cli/index.ts')
        }
      }
    }
  },
  preload: {
    build: {
      // A sandboxed preload may require only `electron`; everything else is bundled in.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        external: ['electron']
      }
    }
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    plugins: [react()],
    build: {
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } }
    }
  }
})

import { defineConfig } from 'vitest/config'
import react from '@vitejs/plugin-react'

// Two projects: the Node half (main, cli, shared) runs in node; the renderer runs in jsdom.
export default defineConfig({
  plugins: [react()],
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/{main,cli,shared,preload,scripts}/**/*.test.ts'],
          setupFiles: ['test/helpers/mock-electron.ts'],
          testTimeout: 20_000,
          hookTimeout: 20_000
        }
      },
      {
        extends: true,
        test: {
          name: 'renderer',
          environment: 'jsdom',
          include: ['test/renderer/**/*.test.{ts,tsx}'],
          testTimeout: 20_000
        }
      }
    ]
  }
})

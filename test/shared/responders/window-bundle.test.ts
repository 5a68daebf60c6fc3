import { describe, it, expect } from 'vitest'
import { build } from 'esbuild'
import { join } from 'node:path'

// The window imports the responders' schema (through src/shared/schemas.ts) to check a
// configuration, never the responders themselves: their regex engine and hash must stay out of
// its bundle. A module that reads from them when it loads (a table of RE2JS flags, say) would
// keep them in, as the bundler cannot tell that the read has no effect.
describe("the window's bundle", () => {
  it('takes the responder schema without re2js, @noble/hashes or the rules that use them', async () => {
    const result = await build({
      stdin: { contents: "export { responderConfig } from './src/shared/responders/schema'", resolveDir: join(__dirname, '../../..'), loader: 'ts' },
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      logLevel: 'silent'
    })
    const code = result.outputFiles[0]!.text
    // The schema itself is there, with its limits...
    expect(code).toContain('regexInputBytes')
    // ...and none of these: esbuild marks each module it keeps with a comment naming its path.
    expect(code).not.toContain('node_modules/re2js/')
    expect(code).not.toContain('node_modules/@noble/hashes/')
    expect(code).not.toContain('error parsing regexp')
    expect(code).not.toContain('Write bytes as hex pairs')
  })
})

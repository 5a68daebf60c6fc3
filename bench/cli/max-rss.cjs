// Preloaded with `node -r` into a measured process: at exit, writes its peak RSS (bytes) to the file
// named by MAX_RSS_FILE, so the bench can compare processes it did not write.
const { writeFileSync } = require('node:fs')

process.on('exit', () => {
  if (process.env.MAX_RSS_FILE) writeFileSync(process.env.MAX_RSS_FILE, String(process.resourceUsage().maxRSS * 1024))
})

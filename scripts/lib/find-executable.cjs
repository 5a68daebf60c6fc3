// Finding a program the way a shell does: the first runnable file of that name in the folders of
// PATH. The PATH and the platform are parameters, so the lookup can be tested against a folder of its
// own instead of whatever this machine has installed.
const { accessSync, constants, statSync } = require('node:fs')
const { delimiter: hostDelimiter, join, win32, posix } = require('node:path')

/** True when file exists, is a file, and (outside Windows) may be executed. */
function isRunnable(file, platform = process.platform) {
  try {
    if (!statSync(file).isFile()) return false
    if (platform !== 'win32') accessSync(file, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/**
 * The full path of the first runnable `name` in pathEnv's folders, or undefined.
 * @param {string} name
 * @param {{ pathEnv?: string, platform?: NodeJS.Platform, pathExt?: string }} [options]
 */
function findOnPath(name, options = {}) {
  const platform = options.platform ?? process.platform
  const pathEnv = options.pathEnv ?? process.env.PATH ?? ''
  const delimiter = platform === process.platform ? hostDelimiter : platform === 'win32' ? win32.delimiter : posix.delimiter
  const extensions =
    platform === 'win32' ? ['', ...(options.pathExt ?? process.env.PATHEXT ?? '.EXE;.CMD;.BAT;.COM').split(';').filter(Boolean)] : ['']
  for (const folder of pathEnv.split(delimiter)) {
    if (!folder) continue
    for (const ext of extensions) {
      const file = join(folder, name + ext)
      if (isRunnable(file, platform)) return file
    }
  }
  return undefined
}

module.exports = { findOnPath, isRunnable }

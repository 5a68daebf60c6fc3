// The `lab` command's flags; the work is loaded only when it runs.
import type { Command } from 'commander'
import type { LabOptions } from '../actions/lab'
import { parsePortOption, parseSecondsOption } from '../options'

export function registerLab(program: Command): void {
  program
    .command('lab')
    .description('run a guided lab: start its servers, print the lesson\u2019s Python program for them, and tick its steps as they happen')
    .argument('[lab]', 'the lab\u2019s id or number (see --list)')
    .option('--list', 'list the labs')
    .option('--port <n>', 'port for the lab\u2019s (first) server; 0, the default, picks a free one', parsePortOption)
    .option('--host <address>', 'IPv4 address the lab\u2019s servers listen on (default 127.0.0.1)')
    .option('--lang <language>', 'en or zh-CN (default en)')
    .option('--save-programs <dir>', 'also write the Python programs, address filled in, to this directory')
    .option('--exit-when-done', 'exit once every step is done')
    .option('--timeout <s>', 'exit after that many seconds', parseSecondsOption)
    .action(async (lab: string | undefined, options: LabOptions) => (await import('../actions/lab')).runLab(lab, options))
}

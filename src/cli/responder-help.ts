// The responders listed under `listen --help`, a line each: loaded with every command, so it reads
// only the kinds' lines, not the responders.
import { RESPONDER_KIND_NAMES, RESPONDER_LINES } from '../shared/responders/kinds'

export function responderHelp(): string {
  const width = Math.max(...RESPONDER_KIND_NAMES.map((k) => k.length))
  return [
    '',
    'Responders (--responder KIND):',
    ...RESPONDER_KIND_NAMES.map((k) => `  ${k.padEnd(width)}  ${RESPONDER_LINES[k].description}`),
    '',
    'Their options: fixed --fixed HEX; rules --rules FILE.json; time --time-format FMT;',
    'chat --bye WORD --say LINE (repeat; lines typed on stdin then answer the latest client);',
    'command --os windows|linux --stage raw|length|json-header; file-server --files DIR --send-on-connect NAME.'
  ].join('\n')
}

// Every guided lab, in course order, and the ways to find one. Each lab lives in catalog/.
import { acceptLoop } from './catalog/accept-loop'
import { addressInUse } from './catalog/address-in-use'
import { backlog } from './catalog/backlog'
import { chatBye } from './catalog/chat-bye'
import { fileTransfer } from './catalog/file-transfer'
import { lengthPrefix } from './catalog/length-prefix'
import { remoteCommand } from './catalog/remote-command'
import { stickyPackets } from './catalog/sticky-packets'
import { tcpHello } from './catalog/tcp-hello'
import { timeouts } from './catalog/timeouts'
import { udpChat } from './catalog/udp-chat'
import { udpTime } from './catalog/udp-time'
import { upperEcho } from './catalog/upper-echo'
import type { Lab } from './types'

export * from './types'
export { createMatcher, LabContext, type Matcher, type RoleLookup } from './checks'
export { evaluateLab, trackLab, type LabTracker, type StepStatus } from './evaluate'
export { fillProgram, inLanguage, PROGRAM_PLACEHOLDERS, text } from './text'
export { labEndpointConfig, type LabPlacement } from './run-config'

export const LABS: readonly Lab[] = [
  tcpHello,
  upperEcho,
  chatBye,
  acceptLoop,
  backlog,
  addressInUse,
  udpChat,
  udpTime,
  stickyPackets,
  lengthPrefix,
  fileTransfer,
  remoteCommand,
  timeouts
]

/** The lab with this id (or course number), or undefined. */
export function findLab(idOrNumber: string): Lab | undefined {
  const n = /^\d+$/.test(idOrNumber) ? Number(idOrNumber) : undefined
  return LABS.find((lab) => lab.id === idOrNumber || lab.order === n)
}

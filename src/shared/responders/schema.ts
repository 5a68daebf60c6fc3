// The configuration of any responder, one schema per kind (each beside its responder). Values are
// plain JSON, bytes written as text in a format, so a workspace file can keep them.
import { z } from 'zod'
import { chatConfig } from './chat'
import { commandConfig } from './command'
import { echoConfig } from './echo'
import { fileServerConfig } from './file-server'
import { fixedConfig } from './fixed'
import { rulesConfig } from './rules'
import { timeConfig } from './time-server'
import { upperConfig } from './upper'

export const responderConfig = z.discriminatedUnion('kind', [echoConfig, upperConfig, fixedConfig, rulesConfig, timeConfig, chatConfig, commandConfig, fileServerConfig])

export type ResponderConfig = z.infer<typeof responderConfig>

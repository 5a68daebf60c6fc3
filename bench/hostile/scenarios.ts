// The hostile-peer scenarios' sizes, shared by the bench and the process that runs each one.
export type Scenario = 'sends' | 'amplify'
export type Side = 'plain' | 'engine'

export const SENDS = 128
export const SEND_BYTES = 4 * 1024 * 1024
export const FLOOD_LINES = 16 * 1024
export const REPLY_BYTES = 16 * 1024

// The tags in front of each Unix-domain packet (LINKTYPE_WIRESHARK_UPPER_PDU): big-endian
// type-length-value fields, each value a multiple of 4 bytes long, ended by a zero tag. They say
// which dissector reads the bytes that follow, what the protocol column shows, and the direction.

const TAG_END = 0
const TAG_DISSECTOR_NAME = 12
const TAG_COL_PROT_TEXT = 33
const TAG_P2P_DIRECTION = 35
/** Wireshark's P2P_DIR_SENT and P2P_DIR_RECV. */
const DIR_SENT = 0
const DIR_RECV = 1

function tags(direction: number): Uint8Array {
  const b = new Uint8Array(28)
  const v = new DataView(b.buffer)
  const ascii = (at: number, s: string): void => {
    for (let i = 0; i < s.length; i++) b[at + i] = s.charCodeAt(i)
  }
  v.setUint16(0, TAG_DISSECTOR_NAME)
  v.setUint16(2, 4)
  ascii(4, 'data')
  v.setUint16(8, TAG_COL_PROT_TEXT)
  v.setUint16(10, 4)
  ascii(12, 'Unix')
  v.setUint16(16, TAG_P2P_DIRECTION)
  v.setUint16(18, 4)
  v.setInt32(20, direction)
  v.setUint16(24, TAG_END)
  v.setUint16(26, 0)
  return b
}

/** The tags of a packet the endpoint wrote, and of one it read. */
export const UNIX_SENT_TAGS = tags(DIR_SENT)
export const UNIX_RECEIVED_TAGS = tags(DIR_RECV)

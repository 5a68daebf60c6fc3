// The lessons' file transfer server (seed 004 and LABS.md, "文件上传下载"). Every message from the
// client is struct.pack('i', len(header)), the header (a JSON object, json.dumps(...).encode()),
// then the body the header announces:
//
//   {"file_name": "1.mp4", "file_size": 52428800}                    an upload (the default)
//   {"cmd": "upload", "file_name": "1.mp4", "file_size": 52428800}   the same, said explicitly
//   {"cmd": "download", "file_name": "1.mp4"}                        a download, no body
//
// `cmd` may also be `put` / `get`; `filename` is read where `file_name` is missing, and the size is
// read from file_size, size, total_size or data_size as the json-header framing does. An upload is
// stored (in the context's FileStore, under the last part of its name) and reported with its size
// and sha256; a download is answered the same way, header then body, with "error" in a header of
// file_size 0 when there is no such file. With `sendOnConnect` the server instead does what seed
// 004's does: on connect it sends one stored file, struct.pack('i', len(data)) then the data, and
// closes.
//
// It reads the raw stream itself, so a header cut anywhere, or many messages in one read, are all
// the same to it; with the json-header framing the engine's decoder does that and hands it header
// and body. A header that lies about its size shows: too big, and the upload is reported
// incomplete when the client closes; too small, and the rest of the file does not parse as the
// next header, which is reported, and the connection is not read further.
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex } from '@noble/hashes/utils.js'
import { z } from 'zod'
import { BODY_SIZE_KEYS, DEFAULT_MAX_JSON_HEADER_SIZE } from '../codec'
import { errorNote } from './errors'
import { pythonJsonDumps } from './python-json'
import { packInt } from './struct'
import type { FileWriter, Responder, ResponderAction, ResponderContext, ResponderInput, ResponderInstance } from './types'
import { decodeUtf8Strict, describeInvalidUtf8 } from './utf8'

export const DEFAULT_MAX_FILE_SIZE = 64 * 1024 * 1024

export const fileServerConfig = z.strictObject({
  kind: z.literal('file-server'),
  /** Byte order of the header length: 'little' (default, struct 'i' on x86) or 'big' ('!i'). */
  byteOrder: z.enum(['little', 'big']).optional(),
  /** Largest file taken or served, 64 MiB by default. */
  maxFileSize: z.number().int().min(0).max(1024 * 1024 * 1024).optional(),
  /** Largest JSON header, 64 KiB by default as the json-header framing. */
  maxHeaderSize: z.number().int().min(2).max(1024 * 1024).optional(),
  /** Answer each stored upload with a header {"file_name", "file_size": 0, "received", "sha256"}. The lesson's server says nothing. */
  ack: z.boolean().optional(),
  /** Seed 004's server: send this stored file as soon as a client connects, then close. */
  sendOnConnect: z
    .strictObject({
      fileName: z.string().min(1).max(255),
      /** 'length' (default, seed 004: struct.pack('i', len(data)) then the data) or 'json' (a header as for downloads). */
      header: z.enum(['length', 'json']).optional()
    })
    .optional()
})

export type FileServerConfig = z.infer<typeof fileServerConfig>

const NAME_KEYS = ['file_name', 'filename'] as const
const COMMAND_KEYS = ['cmd', 'command', 'action'] as const
const HEADER_HINT = 'Each message is struct.pack("i", len(header)), a JSON header such as {"file_name": "1.mp4", "file_size": 1024}, then that many bytes.'

interface Settings {
  littleEndian: boolean
  maxFileSize: number
  maxHeaderSize: number
  ack: boolean
}

export function createFileServer(config: FileServerConfig): Responder {
  const settings: Settings = {
    littleEndian: (config.byteOrder ?? 'little') === 'little',
    maxFileSize: config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
    maxHeaderSize: config.maxHeaderSize ?? DEFAULT_MAX_JSON_HEADER_SIZE,
    ack: config.ack === true
  }
  const onConnect = config.sendOnConnect
  return {
    kind: 'file-server',
    // A download's body is at most maxFileSize per call; headers repeat the file name the client
    // sent, escaped by json.dumps (up to 6 bytes per byte).
    bound: { perInputByte: 6, fixed: settings.maxFileSize + 1024 },
    framings: ['raw', 'json-header'],
    createInstance: () => new FileServerPeer(settings, onConnect)
  }
}

/** An upload's hash, fed as its bytes arrive (shared code: no node:crypto here). */
type UploadHash = ReturnType<typeof sha256.create>

type Parse =
  | { at: 'length' }
  | { at: 'header'; length: number }
  | { at: 'body'; name: string; size: number; received: number; writer: FileWriter; sha: UploadHash }
  | { at: 'skip'; left: number }
  | { at: 'broken' }

/** What a parsed header asks for: refused ones still have a body to skip; unreadable ones do not say how long it is. */
type Request =
  | { kind: 'upload'; name: string; size: number }
  | { kind: 'download'; name: string; size: number }
  | { kind: 'refused'; size: number; error: ResponderAction }
  | { kind: 'unreadable'; message: string }

class FileServerPeer implements ResponderInstance {
  private parse: Parse = { at: 'length' }
  /** Bytes of a header length or header not complete yet (at most 4 + maxHeaderSize). */
  private pending = new Uint8Array(0)
  /** Download bytes answered in the current call: one file's worth at most. */
  private served = 0
  private lastUpload: string | undefined

  constructor(
    private readonly settings: Settings,
    private readonly onConnect: FileServerConfig['sendOnConnect']
  ) {}

  open(ctx: ResponderContext): ResponderAction[] {
    const send = this.onConnect
    if (!send) return []
    const name = safeName(send.fileName)
    const data = name === undefined ? undefined : ctx.files?.read(name)
    if (data === undefined || data.byteLength > this.settings.maxFileSize) {
      const why = data === undefined ? `there is no stored file ${send.fileName}` : `${send.fileName} is larger than the ${this.settings.maxFileSize}-byte limit`
      return [errorNote('ENOENT', `nothing to send on connect: ${why}`, 'Store the file first (upload it, or add it to the server), then connect again.'), { type: 'close' }]
    }
    const out: ResponderAction[] =
      send.header === 'json'
        ? this.framed({ file_name: name!, file_size: data.byteLength }, data)
        : [
            { type: 'reply', bytes: packInt(data.byteLength, this.settings.littleEndian), framing: 'raw' },
            { type: 'reply', bytes: data, framing: 'raw' }
          ]
    return [...out, { type: 'note', note: { kind: 'download', fileName: name!, found: true, size: data.byteLength } }, { type: 'close' }]
  }

  frame(input: ResponderInput, ctx: ResponderContext): ResponderAction[] {
    this.served = 0
    if (input.meta !== undefined) return this.whole(input.meta, input.payload, ctx)
    const out: ResponderAction[] = []
    let data = input.payload
    while (data.byteLength > 0 && this.parse.at !== 'broken') data = this.step(data, ctx, out)
    return out
  }

  end(): ResponderAction[] {
    const out: ResponderAction[] = []
    const p = this.parse
    if (p.at === 'body') {
      p.writer.abort()
      out.push({ type: 'note', note: { kind: 'upload-incomplete', fileName: p.name, expected: p.size, received: p.received } })
    } else if ((p.at === 'length' || p.at === 'header') && this.pending.byteLength > 0) {
      const of = p.at === 'length' ? 'its 4-byte header length' : `its ${p.length}-byte JSON header`
      out.push(errorNote('EBADFRAME', `the client closed in the middle of a message: ${this.pending.byteLength} bytes of ${of}`, HEADER_HINT))
    }
    this.parse = { at: 'broken' }
    return [...out, { type: 'close' }]
  }

  /** Cut off mid-upload: the store takes back the place (and the temporary file) it reserved. */
  stop(): void {
    if (this.parse.at === 'body') this.parse.writer.abort()
    this.parse = { at: 'broken' }
  }

  /** Consumes the start of `data` for the current state; returns what is left. */
  private step(data: Uint8Array, ctx: ResponderContext, out: ResponderAction[]): Uint8Array {
    const p = this.parse
    switch (p.at) {
      case 'length': {
        const [field, rest] = this.gather(data, 4)
        if (!field) return rest
        const length = new DataView(field.buffer, field.byteOffset, 4).getInt32(0, this.settings.littleEndian)
        if (length < 2 || length > this.settings.maxHeaderSize) {
          const after = this.lastUpload === undefined ? '' : ` The upload of ${this.lastUpload} just before may have sent more bytes than its file_size said.`
          this.fail(out, `the header length is ${length}, not between 2 and ${this.settings.maxHeaderSize}: these bytes do not start a message.${after}`)
          return rest
        }
        this.parse = { at: 'header', length }
        return rest
      }
      case 'header': {
        const [header, rest] = this.gather(data, p.length)
        if (!header) return rest
        const meta = this.parseHeader(header, out)
        if (meta === undefined) return rest
        const request = this.request(meta)
        if (request.kind === 'unreadable') this.fail(out, request.message)
        else this.start(request, ctx, out)
        return rest
      }
      case 'body': {
        const n = Math.min(p.size - p.received, data.byteLength)
        const piece = data.subarray(0, n)
        p.writer.write(piece)
        p.sha.update(piece)
        p.received += n
        if (p.received === p.size) this.finishUpload(p.name, p.size, p.writer, p.sha, out)
        return data.subarray(n)
      }
      case 'skip': {
        const n = Math.min(p.left, data.byteLength)
        p.left -= n
        if (p.left === 0) this.parse = { at: 'length' }
        return data.subarray(n)
      }
      case 'broken':
        return new Uint8Array(0)
    }
  }

  /** A whole message decoded by the engine's json-header framing. */
  private whole(meta: Readonly<Record<string, unknown>>, body: Uint8Array, ctx: ResponderContext): ResponderAction[] {
    const out: ResponderAction[] = []
    const request = this.request(meta)
    if (request.kind === 'unreadable') out.push(errorNote('EBADFRAME', request.message, HEADER_HINT))
    else if (request.kind === 'upload') {
      const writer = this.create(request.name, request.size, ctx, out)
      if (writer) {
        writer.write(body)
        this.finishUpload(request.name, request.size, writer, sha256.create().update(body), out)
      }
    } else if (request.kind === 'download') this.download(request.name, ctx, out)
    else out.push(request.error)
    return out
  }

  /** Takes `n` bytes, across calls if need be: [the n bytes or undefined, what is left of data]. */
  private gather(data: Uint8Array, n: number): [Uint8Array | undefined, Uint8Array] {
    const need = n - this.pending.byteLength
    if (this.pending.byteLength === 0 && data.byteLength >= n) return [data.subarray(0, n), data.subarray(n)]
    const take = Math.min(need, data.byteLength)
    const joined = new Uint8Array(this.pending.byteLength + take)
    joined.set(this.pending)
    joined.set(data.subarray(0, take), this.pending.byteLength)
    if (joined.byteLength < n) {
      this.pending = joined
      return [undefined, data.subarray(take)]
    }
    this.pending = new Uint8Array(0)
    return [joined, data.subarray(take)]
  }

  private parseHeader(bytes: Uint8Array, out: ResponderAction[]): Record<string, unknown> | undefined {
    const text = decodeUtf8Strict(bytes)
    if (!text.ok) {
      this.fail(out, `the JSON header is not UTF-8: ${describeInvalidUtf8(text)}`)
      return undefined
    }
    let parsed: unknown
    try {
      parsed = JSON.parse(text.text)
    } catch (err) {
      this.fail(out, `the JSON header does not parse: ${(err as Error).message}`)
      return undefined
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      this.fail(out, 'the JSON header is not an object')
      return undefined
    }
    return parsed as Record<string, unknown>
  }

  /** What a header asks for. */
  private request(meta: Readonly<Record<string, unknown>>): Request {
    const sizeKey = BODY_SIZE_KEYS.find((k) => k in meta)
    const rawSize = sizeKey === undefined ? undefined : meta[sizeKey]
    const commandKey = COMMAND_KEYS.find((k) => k in meta)
    const command = commandKey === undefined ? 'upload' : String(meta[commandKey]).toLowerCase()
    const isDownload = command === 'download' || command === 'get'
    if (rawSize === undefined && isDownload) return this.named(meta, 'download', 0)
    if (typeof rawSize !== 'number' || !Number.isSafeInteger(rawSize) || rawSize < 0) {
      const said = sizeKey === undefined ? 'gives no file_size' : `has ${sizeKey}=${JSON.stringify(rawSize)}, not a byte count`
      return { kind: 'unreadable', message: `the JSON header ${said}` }
    }
    if (isDownload) return this.named(meta, 'download', rawSize)
    if (command !== 'upload' && command !== 'put') {
      return { kind: 'refused', size: rawSize, error: errorNote('EINVAL', `unknown command ${JSON.stringify(meta[commandKey!])} in the JSON header`, 'Use "upload" (or "put") with a body, or "download" (or "get") with a file_name.') }
    }
    const request = this.named(meta, 'upload', rawSize)
    if (request.kind === 'upload' && rawSize > this.settings.maxFileSize) {
      return { kind: 'refused', size: rawSize, error: errorNote('EFILETOOBIG', `the upload of ${request.name} announces ${rawSize} bytes, more than the ${this.settings.maxFileSize}-byte limit`, 'Raise the file server\'s maxFileSize, or send a smaller file. Its bytes were skipped.') }
    }
    return request
  }

  private named(meta: Readonly<Record<string, unknown>>, kind: 'upload' | 'download', size: number): Request {
    const key = NAME_KEYS.find((k) => k in meta)
    const raw = key === undefined ? undefined : meta[key]
    const name = typeof raw === 'string' ? safeName(raw) : undefined
    if (name === undefined) {
      const said = raw === undefined ? 'gives no file_name' : `has file_name ${JSON.stringify(raw)?.slice(0, 80)}, which cannot name a file`
      return { kind: 'refused', size, error: errorNote('EINVAL', `the ${kind} header ${said}`, 'Give "file_name" as a plain name such as "1.mp4" (a path is cut to its last part).') }
    }
    return { kind, name, size }
  }

  private start(request: Exclude<Request, { kind: 'unreadable' }>, ctx: ResponderContext, out: ResponderAction[]): void {
    if (request.kind === 'upload') {
      const writer = this.create(request.name, request.size, ctx, out)
      if (writer && request.size === 0) this.finishUpload(request.name, 0, writer, sha256.create(), out)
      else if (writer) this.parse = { at: 'body', name: request.name, size: request.size, received: 0, writer, sha: sha256.create() }
      else this.skip(request.size)
      return
    }
    if (request.kind === 'download') this.download(request.name, ctx, out)
    else out.push(request.error)
    this.skip(request.size)
  }

  private skip(size: number): void {
    this.parse = size > 0 ? { at: 'skip', left: size } : { at: 'length' }
  }

  private create(name: string, size: number, ctx: ResponderContext, out: ResponderAction[]): FileWriter | undefined {
    if (!ctx.files) {
      out.push(errorNote('ENOSTORE', `the upload of ${name} has nowhere to go: this server has no file storage`, 'Run the file server where the engine gives it storage.'))
      return undefined
    }
    try {
      return ctx.files.create(name, size)
    } catch (err) {
      const e = err as { code?: string; message?: string; hint?: string }
      out.push(errorNote(e.code ?? 'ESTORE', `the upload of ${name} cannot be stored: ${e.message ?? String(err)}`, e.hint ?? 'Its bytes were skipped.'))
      return undefined
    }
  }

  private finishUpload(name: string, size: number, writer: FileWriter, sha: UploadHash, out: ResponderAction[]): void {
    writer.commit()
    const hex = bytesToHex(sha.digest())
    this.lastUpload = name
    this.parse = { at: 'length' }
    out.push({ type: 'note', note: { kind: 'upload', fileName: name, size, sha256: hex } })
    if (this.settings.ack) out.push(...this.framed({ file_name: name, file_size: 0, received: size, sha256: hex }, new Uint8Array(0)))
  }

  private download(name: string, ctx: ResponderContext, out: ResponderAction[]): void {
    const data = ctx.files?.read(name)
    let error: string | undefined
    if (data === undefined) error = `no such file: ${name}`
    else if (data.byteLength > this.settings.maxFileSize) error = `${name} is larger than the ${this.settings.maxFileSize}-byte limit`
    else if (this.served + data.byteLength > this.settings.maxFileSize) error = 'one download at a time: ask again when the previous one has arrived'
    if (error !== undefined || data === undefined) {
      out.push(...this.framed({ file_name: name, file_size: 0, error: error ?? '' }, new Uint8Array(0)))
      out.push({ type: 'note', note: { kind: 'download', fileName: name, found: false, size: 0 } })
      return
    }
    this.served += data.byteLength
    out.push(...this.framed({ file_name: name, file_size: data.byteLength }, data))
    out.push({ type: 'note', note: { kind: 'download', fileName: name, found: true, size: data.byteLength } })
  }

  /** One message as the lesson sends it: the header length, the header, the body (each its own send). */
  private framed(header: Record<string, string | number>, body: Uint8Array): ResponderAction[] {
    const json = new TextEncoder().encode(pythonJsonDumps(header))
    const out: ResponderAction[] = [
      { type: 'reply', bytes: packInt(json.byteLength, this.settings.littleEndian), framing: 'raw' },
      { type: 'reply', bytes: json, framing: 'raw' }
    ]
    if (body.byteLength > 0) out.push({ type: 'reply', bytes: body, framing: 'raw' })
    return out
  }

  /** The stream cannot be followed any more: say why, and read nothing further. */
  private fail(out: ResponderAction[], message: string): void {
    this.parse = { at: 'broken' }
    this.pending = new Uint8Array(0)
    out.push(errorNote('EBADFRAME', message, `${HEADER_HINT} The rest of this connection is not read as messages.`))
  }
}

/**
 * The name a file is stored under: the last part of what the client sent (a client may send a
 * whole path), or undefined when that is no file name at all.
 */
export function safeName(raw: string): string | undefined {
  const name = raw.split(/[/\\]/).pop() ?? ''
  if (name === '' || name === '.' || name === '..') return undefined
  if (new TextEncoder().encode(name).byteLength > 255) return undefined
  // Control characters (NUL among them) name no file a person could open.
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i)
    if (c < 0x20 || c === 0x7f) return undefined
  }
  return name
}

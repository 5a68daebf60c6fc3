import { invalid } from '../errors'
import type { FrameParts } from './base'
import { DelimiterDecoder, delimiterParts } from './delimiter'
import { FixedDecoder, fixedParts } from './fixed'
import { JsonHeaderDecoder, jsonHeaderParts } from './json-header'
import { LengthPrefixDecoder, lengthParts } from './length-prefix'
import { RawDecoder, rawParts } from './raw'
import { SlipDecoder, slipParts } from './slip'
import { parseFramingSpec } from './spec'
import { DEFAULT_MAX_FRAME_SIZE, type FrameDecoder, type Framer, type FramerOptions, type FramingSpec } from './types'

const LF = Uint8Array.of(0x0a)

function partsFor(spec: FramingSpec): FrameParts {
  switch (spec.kind) {
    case 'raw':
      return rawParts
    case 'line':
      return delimiterParts(LF)
    case 'delimiter':
      return delimiterParts(spec.delimiter)
    case 'fixed':
      return fixedParts(spec.size)
    case 'length':
      return lengthParts(spec.field, spec.includesHeader)
    case 'json-header':
      return jsonHeaderParts(spec.field)
    case 'slip':
      return slipParts
  }
}

function decoderFactory(spec: FramingSpec, max: number): () => FrameDecoder {
  switch (spec.kind) {
    case 'raw':
      return () => new RawDecoder(max)
    case 'line':
      return () => DelimiterDecoder.line(max)
    case 'delimiter':
      return () => new DelimiterDecoder(spec.delimiter, false, max)
    case 'fixed':
      return () => new FixedDecoder(spec.size, max)
    case 'length':
      return () => new LengthPrefixDecoder(spec.field, spec.includesHeader, max)
    case 'json-header':
      return () => new JsonHeaderDecoder(spec, max)
    case 'slip':
      return () => new SlipDecoder(max)
  }
}

export function createFramer(spec: FramingSpec | string, options: FramerOptions = {}): Framer {
  const parsed = typeof spec === 'string' ? parseFramingSpec(spec) : spec
  const max = options.maxFrameSize ?? DEFAULT_MAX_FRAME_SIZE
  if (!Number.isSafeInteger(max) || max <= 0) throw invalid({ id: 'maxFrameSizeBad', params: { max } })
  if (parsed.kind === 'fixed' && parsed.size > max) {
    throw invalid({ id: 'fixedOverLimit', params: { size: parsed.size, max } })
  }
  const parts = partsFor(parsed)
  return {
    spec: parsed,
    encode(payload, meta) {
      const header = parts.header(payload.length, meta)
      const body = parts.body(payload)
      const trailer = parts.trailer(payload.length)
      const out = new Uint8Array(header.length + body.length + trailer.length)
      out.set(header)
      out.set(body, header.length)
      out.set(trailer, header.length + body.length)
      return out
    },
    encodeStream: (body, totalLength, meta) => encodeStream(parts, body, totalLength, meta),
    createDecoder: decoderFactory(parsed, max)
  }
}

async function* encodeStream(
  parts: FrameParts,
  body: AsyncIterable<Uint8Array>,
  totalLength: number,
  meta: Record<string, unknown> | undefined
): AsyncIterable<Uint8Array> {
  const header = parts.header(totalLength, meta)
  if (header.length > 0) yield header
  let seen = 0
  for await (const piece of body) {
    seen += piece.length
    if (seen > totalLength) break
    if (piece.length > 0) yield parts.body(piece)
  }
  // The header already promised totalLength bytes; a body of another size would corrupt the stream.
  if (seen !== totalLength) {
    throw invalid({ id: seen > totalLength ? 'bodyLonger' : 'bodyShorter', hintId: 'bodyChanged', params: { seen, announced: totalLength } })
  }
  const trailer = parts.trailer(totalLength)
  if (trailer.length > 0) yield trailer
}

/**
 * The Merkle–Damgård padding MD5 and the SHA-2 family share: the message, a 0x80 byte,
 * zeros up to the block's length field, then the message length in bits in that field
 * (big-endian for SHA-2, little-endian for MD5). Returns a view over the padded blocks.
 */
export function padMessage(data: Uint8Array, blockBytes: 64 | 128, littleEndian = false): DataView {
  const lengthBytes = blockBytes / 8
  const padded = new Uint8Array(
    Math.floor((data.length + lengthBytes) / blockBytes + 1) * blockBytes,
  )
  padded.set(data)
  padded[data.length] = 0x80
  const view = new DataView(padded.buffer)
  const lowBits = (data.length << 3) >>> 0
  const highBits = Math.floor(data.length / 0x20000000)
  if (littleEndian) {
    view.setUint32(padded.length - lengthBytes, lowBits, true)
    view.setUint32(padded.length - lengthBytes + 4, highBits, true)
  } else {
    view.setUint32(padded.length - 8, highBits, false)
    view.setUint32(padded.length - 4, lowBits, false)
  }
  return view
}

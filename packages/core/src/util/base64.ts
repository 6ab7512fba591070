const encoder = new TextEncoder()

/** Standard base64 of the UTF-8 bytes of `text` (RFC 7617 with charset="UTF-8"). */
export function base64Utf8(text: string): string {
  return base64(encoder.encode(text))
}

/** Standard base64 (with padding) of `bytes`. */
export function base64(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  }
  return btoa(binary)
}

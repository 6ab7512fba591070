import { bytesToHex } from '@noble/hashes/utils.js'

/** Lower-case hex of `bytes`. */
export function hex(bytes: Uint8Array): string {
  return bytesToHex(bytes)
}

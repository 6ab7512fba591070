import { serializeDictionary } from 'structured-headers'

/** The digest algorithms of RFC 9530 worth sending (the registry's "standard" ones). */
export type DigestAlgorithm = 'sha-256' | 'sha-512'

const WEB_CRYPTO_HASH: Readonly<Record<DigestAlgorithm, string>> = {
  'sha-256': 'SHA-256',
  'sha-512': 'SHA-512',
}

/** `Content-Digest` (RFC 9530) of exactly these bytes: `sha-256=:<base64>:`. */
export async function contentDigest(
  bytes: Uint8Array,
  algorithm: DigestAlgorithm,
): Promise<string> {
  const digest = await crypto.subtle.digest(WEB_CRYPTO_HASH[algorithm], new Uint8Array(bytes))
  return serializeDictionary(new Map([[algorithm, [digest, new Map()]]]))
}

export function isDigestAlgorithm(value: unknown): value is DigestAlgorithm {
  return value === 'sha-256' || value === 'sha-512'
}

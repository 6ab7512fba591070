import { createHash, randomBytes } from 'node:crypto'

/** The credentials an authenticating kit proxy asks for, and how. */
export interface ProxyAuthConfig {
  /** `basic` (RFC 7617) or `digest` (RFC 7616, qop=auth). */
  readonly scheme: 'basic' | 'digest'
  /** The one user. */
  readonly username: string
  /** Its password. */
  readonly password: string
  /** The Digest algorithm; default `SHA-256`. */
  readonly algorithm?: 'MD5' | 'SHA-256'
}

const realm = 'proxy@latchkey'

/**
 * Checks `Proxy-Authorization` values the kit's own way, sharing no code with the client:
 * a Digest response is recomputed here with node:crypto from the parameters sent.
 */
export function proxyVerifier(config: ProxyAuthConfig): {
  challenge(): string
  verify(method: string, header: string | undefined): boolean
} {
  const algorithm = config.algorithm ?? 'SHA-256'
  const nonces = new Set<string>()
  const hash = (text: string) =>
    createHash(algorithm === 'MD5' ? 'md5' : 'sha256')
      .update(text)
      .digest('hex')
  return {
    challenge() {
      if (config.scheme === 'basic') return `Basic realm="${realm}", charset="UTF-8"`
      const nonce = randomBytes(16).toString('hex')
      nonces.add(nonce)
      return `Digest realm="${realm}", qop="auth", algorithm=${algorithm}, nonce="${nonce}", opaque="kit"`
    },
    verify(method, header) {
      if (header === undefined) return false
      if (config.scheme === 'basic') {
        const expected = Buffer.from(`${config.username}:${config.password}`).toString('base64')
        return header === `Basic ${expected}`
      }
      if (!header.startsWith('Digest ')) return false
      const params = new Map<string, string>()
      for (const match of header.slice(7).matchAll(/([a-z]+)=(?:"([^"]*)"|([^\s,]+))/g)) {
        params.set(match[1] ?? '', match[2] ?? match[3] ?? '')
      }
      const nonce = params.get('nonce') ?? ''
      if (!nonces.has(nonce) || params.get('username') !== config.username) return false
      if (params.get('realm') !== realm || params.get('opaque') !== 'kit') return false
      const ha1 = hash(`${config.username}:${realm}:${config.password}`)
      const ha2 = hash(`${method}:${params.get('uri')}`)
      const expected = hash(
        `${ha1}:${nonce}:${params.get('nc')}:${params.get('cnonce')}:${params.get('qop')}:${ha2}`,
      )
      return params.get('response') === expected
    },
  }
}

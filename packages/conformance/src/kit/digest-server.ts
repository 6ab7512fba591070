import { createHash, randomBytes } from 'node:crypto'
import type { ServerResponse } from 'node:http'
import type { Hop } from './hop.js'
import type { Handler } from './origin-server.js'
import { echo } from './routes.js'

/** How long a nonce stays good. */
export type NoncePolicy =
  /** One nonce for every challenge, good until {@link DigestServer.expireNonces}. */
  | 'reuse'
  /** A new nonce in every challenge, each good for one request. */
  | 'fresh'
  /** A new nonce in every challenge, each good until {@link DigestServer.expireNonces}: clients never share one. */
  | 'per-challenge'
  /** One nonce at a time, good for this many requests; then `stale=true` and the next one. */
  | {
      /** Requests per nonce. */
      readonly rotateAfter: number
    }

/** Options of {@link createDigestServer}. */
export interface DigestServerOptions {
  /** username -> password. */
  readonly users: Readonly<Record<string, string>>
  /** The realm. Default `conformance@latchkey`. */
  readonly realm?: string
  /** One challenge per algorithm, each in its own WWW-Authenticate header. Default `['SHA-256']`. */
  readonly algorithms?: readonly string[]
  /** The qop value sent, as is (`'auth'`, `'auth-int'`, `'unknown,auth'`); `null` sends none (RFC 2069). Default `'auth'`. */
  readonly qop?: string | null
  /** How long a nonce stays good. */
  readonly nonces?: NoncePolicy
  /** Offer `userhash=true`. */
  readonly userhash?: boolean
  /** Send `charset=UTF-8`; `username*` is read only then. Default true (false when `strict`). */
  readonly charset?: boolean
  /**
   * Mirror Apache httpd 2.4's mod_auth_digest with `AuthDigestNcCheck On` (checked against
   * a real one in test/apache-digest.test.ts): every challenge to a request without a known
   * `opaque` starts a new client (its own `opaque` and nonce); only the client's latest
   * nonce is good, and its `nc` must be above every one received so far, so counts arriving
   * out of order are refused; a refusal issues a new nonce under the same `opaque`, counted
   * from 1. `nonces` and `opaque` are ignored.
   */
  readonly strict?: boolean
  /**
   * Each request waits a random 0 to `jitterMs` ms before the server reads it, as requests
   * on different connections arrive in any order.
   */
  readonly jitterMs?: number
  /** The opaque value, echoed by clients. `false` sends none. */
  readonly opaque?: string | false
}

/** What the server made of one request. */
export interface DigestVerdict {
  /** The request's credentials verified. */
  readonly ok: boolean
  /** Why it was refused. */
  readonly reason?: string
  /** The challenge that followed had `stale=true`. */
  readonly stale?: boolean
  /** The `username` the client sent (decoded from `username*` or a userhash). */
  readonly username?: string
  /** The `algorithm` the client answered with. */
  readonly algorithm?: string
  /** The `qop` the client answered with. */
  readonly qop?: string
  /** The `nonce` the client answered. */
  readonly nonce?: string
  /** The nonce count (`nc`) it sent. */
  readonly nc?: string
  /** The `uri` it signed. */
  readonly uri?: string
}

/** A Digest-protected route, from {@link createDigestServer}. */
export interface DigestServer {
  /** Register with `kit.handle(prefix, server.handler)`. */
  readonly handler: Handler
  /** One verdict per request received, in order. */
  readonly verdicts: readonly DigestVerdict[]
  /** Every nonce issued so far goes stale: the next answer to it gets `stale=true`. */
  expireNonces(): void
}

const HASHES: Record<string, string> = {
  MD5: 'md5',
  'SHA-256': 'sha256',
  'SHA-512-256': 'sha512-256',
}

/**
 * RFC 7616 section 3.4, computed independently of `@latchkey/core` with node:crypto: the
 * `response` a client must send. `H` and `KD` as in the RFC; A1 and A2 by algorithm and qop.
 */
export function expectedDigestResponse(input: {
  readonly algorithm: string
  readonly username: string
  readonly password: string
  readonly realm: string
  readonly nonce: string
  readonly method: string
  readonly uri: string
  readonly qop?: string | undefined
  readonly nc?: string | undefined
  readonly cnonce?: string | undefined
  readonly body?: Uint8Array | undefined
}): string {
  const session = input.algorithm.toUpperCase().endsWith('-SESS')
  const base = session ? input.algorithm.slice(0, -5) : input.algorithm
  const name = Object.entries(HASHES).find(([key]) => key === base.toUpperCase())?.[1]
  if (name === undefined) throw new Error(`unsupported algorithm ${input.algorithm}`)
  const H = (data: string | Uint8Array) => createHash(name).update(data).digest('hex')
  const KD = (secret: string, data: string) => H(`${secret}:${data}`)
  let a1 = `${input.username}:${input.realm}:${input.password}`
  if (session) a1 = `${H(a1)}:${input.nonce}:${input.cnonce}`
  const a2 =
    input.qop === 'auth-int'
      ? `${input.method}:${input.uri}:${H(input.body ?? new Uint8Array())}`
      : `${input.method}:${input.uri}`
  if (input.qop === undefined) return KD(H(a1), `${input.nonce}:${H(a2)}`)
  return KD(H(a1), `${input.nonce}:${input.nc}:${input.cnonce}:${input.qop}:${H(a2)}`)
}

/** The userhash of RFC 7616 section 3.4.4: H(username:realm). */
export function expectedUserhash(algorithm: string, username: string, realm: string): string {
  const base = algorithm.toUpperCase().replace(/-SESS$/, '')
  return createHash(HASHES[base] ?? 'md5')
    .update(`${username}:${realm}`)
    .digest('hex')
}

interface NonceRecord {
  uses: number
  expired: boolean
  readonly counts: Set<string>
  /** `strict`: the client (`opaque`) it was issued to. */
  readonly client?: StrictClient
}

/** `strict`: what Apache keeps per client in shared memory. */
interface StrictClient {
  readonly opaque: string
  /** The latest nonce issued to it: the only one it may use. */
  nonce: string
  /** The highest `nc` accepted under that nonce. */
  highest: number
}

/**
 * A Digest-protected route that verifies every answer on its own (not with Latchkey's
 * code): realm, uri against the raw request-target, algorithm and qop offered, nc never
 * reused per nonce, opaque echoed, unquoted `algorithm`/`qop`/`nc`, and the response.
 * Answers 200 with an echo, or 401 with fresh challenges.
 *
 * @example
 * ```ts
 * const server = createDigestServer({ users: { alice: 'secret' }, algorithms: ['SHA-256', 'MD5'] })
 * kit.handle('/digest', server.handler)
 * ```
 */
export function createDigestServer(options: DigestServerOptions): DigestServer {
  const realm = options.realm ?? 'conformance@latchkey'
  const algorithms = options.algorithms ?? ['SHA-256']
  const qop = options.qop === undefined ? 'auth' : options.qop
  const policy = options.nonces ?? 'reuse'
  const strict = options.strict === true
  const charset = options.charset ?? !strict
  const opaque = options.opaque === undefined ? randomBytes(12).toString('base64') : options.opaque
  const limit =
    strict || policy === 'reuse' || policy === 'per-challenge'
      ? Number.POSITIVE_INFINITY
      : policy === 'fresh'
        ? 1
        : policy.rotateAfter
  const offeredQops = qop === null ? [] : qop.split(',').map((value) => value.trim())
  const nonces = new Map<string, NonceRecord>()
  const clients = new Map<string, StrictClient>()
  const verdicts: DigestVerdict[] = []
  let current: string | undefined

  const issue = (client: StrictClient | undefined): string => {
    const record = current === undefined ? undefined : nonces.get(current)
    if (client !== undefined) {
      current = randomBytes(24).toString('base64')
      nonces.set(current, { uses: 0, expired: false, counts: new Set(), client })
    } else if (
      policy === 'fresh' ||
      policy === 'per-challenge' ||
      current === undefined ||
      !record ||
      record.expired ||
      record.uses >= limit
    ) {
      current = randomBytes(24).toString('base64')
      nonces.set(current, { uses: 0, expired: false, counts: new Set() })
    }
    return current
  }

  const challenge = (response: ServerResponse, stale: boolean, known?: StrictClient) => {
    let client: StrictClient | undefined
    if (strict) {
      // Apache: a known client keeps its opaque, its count starting over with the new nonce.
      client = known ?? { opaque: randomBytes(8).toString('hex'), nonce: '', highest: 0 }
      clients.set(client.opaque, client)
    }
    const nonce = issue(client)
    if (client !== undefined) {
      client.nonce = nonce
      client.highest = 0
    }
    const headers = algorithms.map((algorithm) => {
      const params = [`realm="${realm}"`]
      if (qop !== null) params.push(`qop="${qop}"`)
      params.push(`algorithm=${algorithm}`, `nonce="${nonce}"`)
      if (client !== undefined) params.push(`opaque="${client.opaque}"`)
      else if (opaque !== false) params.push(`opaque="${opaque}"`)
      if (charset) params.push('charset=UTF-8')
      if (options.userhash) params.push('userhash=true')
      if (stale) params.push('stale=true')
      return `Digest ${params.join(', ')}`
    })
    response.writeHead(401, { 'www-authenticate': headers, 'content-type': 'text/plain' })
    response.end('authentication required')
  }

  const handler: Handler = async (hop, url, response) => {
    const jitter = options.jitterMs ?? 0
    if (jitter > 0) await new Promise((resolve) => setTimeout(resolve, Math.random() * jitter))
    const header = hop.headers.authorization
    const params =
      header !== undefined && /^digest\s/i.test(header) ? authParams(header.slice(7)) : undefined
    const sentOpaque = params?.values.get('opaque')
    const client = strict && sentOpaque !== undefined ? clients.get(sentOpaque) : undefined
    const verdict =
      strict && sentOpaque !== undefined && client === undefined
        ? { ok: false, reason: 'unknown opaque', stale: true }
        : verify(hop, params, client)
    verdicts.push(verdict)
    if (verdict.ok) echo(hop, url, response)
    else challenge(response, verdict.stale === true, client)
  }

  const verify = (
    hop: Hop,
    params: AuthParams | undefined,
    client: StrictClient | undefined,
  ): DigestVerdict => {
    if (hop.headers.authorization === undefined) return { ok: false, reason: 'no credentials' }
    if (params === undefined) return { ok: false, reason: 'not Digest' }
    const refuse = (reason: string): DigestVerdict => ({ ok: false, reason, ...described(params) })
    for (const name of ['algorithm', 'qop', 'nc']) {
      if (params.quoted.has(name)) return refuse(`${name} must not be quoted`)
    }
    const get = (name: string) => params.values.get(name)
    const algorithm = get('algorithm') ?? 'MD5'
    if (!algorithms.some((offered) => offered.toUpperCase() === algorithm.toUpperCase())) {
      return refuse(`algorithm ${algorithm} was not offered`)
    }
    if (get('realm') !== realm) return refuse('wrong realm')
    if (get('uri') !== hop.target)
      return refuse(`uri ${get('uri')} is not the request-target ${hop.target}`)
    if (strict ? client === undefined : opaque !== false && get('opaque') !== opaque)
      return refuse('opaque not echoed')
    const username = findUser(params, algorithm)
    if (username === undefined) return refuse('unknown user')
    const nonce = get('nonce') ?? ''
    const requestQop = get('qop')
    if (qop === null) {
      if (requestQop !== undefined || get('nc') !== undefined || get('cnonce') !== undefined) {
        return refuse('qop, nc or cnonce sent to an RFC 2069 challenge')
      }
    } else {
      if (requestQop === undefined || !offeredQops.includes(requestQop))
        return refuse('qop not offered')
      if (!/^[0-9a-f]{8}$/.test(get('nc') ?? '')) return refuse('nc is not 8 lower-case hex digits')
      if ((get('cnonce') ?? '') === '') return refuse('no cnonce')
    }
    const expected = expectedDigestResponse({
      algorithm,
      username,
      password: options.users[username] as string,
      realm,
      nonce,
      method: hop.method,
      uri: hop.target,
      qop: requestQop,
      nc: get('nc'),
      cnonce: get('cnonce'),
      body: hop.body,
    })
    if (get('response') !== expected) return refuse('wrong response')
    const record = nonces.get(nonce)
    if (record === undefined) return refuse('unknown nonce')
    if (strict && record.client !== client) return refuse('nonce issued to another client')
    if (record.expired || record.uses >= limit) return { ...refuse('stale nonce'), stale: true }
    const count = get('nc') ?? ''
    const counted = Number.parseInt(count, 16)
    if (client !== undefined && qop !== null) {
      if (nonce !== client.nonce) return refuse('not the latest nonce of this client')
      if (counted <= client.highest) return refuse(`nc ${count} is not above ${client.highest}`)
      client.highest = counted
    }
    if (record.counts.has(count)) return refuse(`nc ${count} reused`)
    record.counts.add(count)
    record.uses++
    return { ok: true, ...described(params), username }
  }

  /**
   * The user the request names: `username` (raw UTF-8 bytes too, as Apache compares them),
   * `username*` (RFC 8187, read only where `charset=UTF-8` was offered, as Apache never
   * reads it) or, with userhash, its hash.
   */
  const findUser = (params: AuthParams, algorithm: string): string | undefined => {
    const raw = params.values.get('username')
    // Node reads header bytes as latin1: the bytes a client sent, one per character.
    const plain = raw === undefined ? undefined : Buffer.from(raw, 'latin1').toString('utf8')
    const extended = charset ? params.values.get('username*') : undefined
    if (params.values.get('userhash') === 'true') {
      return Object.keys(options.users).find(
        (user) => expectedUserhash(algorithm, user, realm) === plain,
      )
    }
    const name =
      extended === undefined
        ? plain
        : /^UTF-8''/i.test(extended)
          ? decodeURIComponent(extended.slice(7))
          : undefined
    return name !== undefined && Object.hasOwn(options.users, name) ? name : undefined
  }

  return {
    handler,
    verdicts,
    expireNonces() {
      for (const record of nonces.values()) record.expired = true
      current = undefined
    },
  }
}

interface AuthParams {
  readonly values: Map<string, string>
  /** Names whose value arrived as a quoted-string. */
  readonly quoted: Set<string>
}

/** The server's own reading of `name=value, name="quoted \" value"` lists. */
function authParams(text: string): AuthParams {
  const values = new Map<string, string>()
  const quoted = new Set<string>()
  const pattern = /\s*([^\s=,]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))\s*(?:,|$)/gy
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    const name = (match[1] as string).toLowerCase()
    if (match[2] !== undefined) {
      values.set(name, match[2].replace(/\\(.)/g, '$1'))
      quoted.add(name)
    } else {
      values.set(name, match[3] ?? '')
    }
    if (pattern.lastIndex >= text.length) break
  }
  return { values, quoted }
}

function described(params: AuthParams) {
  const pick = (name: string) => params.values.get(name)
  return Object.fromEntries(
    (['algorithm', 'qop', 'nonce', 'nc', 'uri'] as const)
      .map((name) => [name, pick(name)] as const)
      .filter(([, value]) => value !== undefined),
  ) as Pick<DigestVerdict, 'algorithm' | 'qop' | 'nonce' | 'nc' | 'uri'>
}

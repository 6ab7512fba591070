import { BoundedMap } from '../util/bounded-map.js'
import { hex } from '../util/hex.js'
import type { DigestChallenge } from './challenge.js'

/** Bounds, so a long-lived client talking to many servers keeps a small, fixed memory. */
const MAX_ORIGINS = 64
const MAX_SPACES_PER_ORIGIN = 8
/** Nonces kept per protection space: about as many as requests a client runs at once. */
const MAX_NONCES_PER_SPACE = 32

/**
 * One nonce a server handed out, with its nonce count, and how many requests using it are
 * in flight. Every request that uses it takes the next count synchronously, so concurrent
 * requests never send the same `nc`.
 */
export class NonceState {
  readonly challenge: DigestChallenge
  /**
   * For `-sess` algorithms, one cnonce for every request under this nonce: A1 is then the
   * same whichever request a server computed its session key from.
   */
  readonly sessionCnonce: string
  #count = 0
  #inFlight = 0

  constructor(challenge: DigestChallenge) {
    this.challenge = challenge
    this.sessionCnonce = randomCnonce()
  }

  /** The next `nc`: 00000001, 00000002, ... */
  nextCount(): string {
    this.#count++
    return this.#count.toString(16).padStart(8, '0')
  }

  get free(): boolean {
    return this.#inFlight === 0
  }

  /** A request starts using this nonce; `release()` once its response has arrived. */
  take(): NonceState {
    this.#inFlight++
    return this
  }

  release(): void {
    this.#inFlight--
  }
}

interface Space {
  readonly realm: string
  /** Same-origin path prefixes from the challenge's `domain`; `undefined` is the whole origin. */
  prefixes: readonly string[] | undefined
  /** Most recent last. */
  readonly nonces: NonceState[]
  /**
   * The server handed a nonce already in use to another challenge: it gives everyone the
   * same nonce, so waiting for a nonce of one's own is pointless.
   */
  sharesNonces: boolean
}

/**
 * What one `digest()` strategy has learned: per origin, the protection spaces (realms)
 * that challenged it and their nonces, so later requests authenticate at once.
 * Only same-origin `domain` entries count: a challenge never sends credentials elsewhere.
 *
 * A nonce serves one request at a time. Servers that check `nc` strictly (Apache's
 * `AuthDigestNcCheck On`) refuse counts that arrive out of order, and requests on
 * different connections arrive in any order; so a request that finds every nonce busy
 * asks for a challenge of its own (Apache hands each one a new nonce and counter).
 */
export class ProtectionSpaces {
  readonly #origins = new BoundedMap<string, Space[]>(MAX_ORIGINS)

  /**
   * A nonce to authenticate `url` with ahead of any challenge, taken for this request:
   * one no other request is using, or `undefined` to ask the server for a challenge.
   */
  take(url: URL): NonceState | undefined {
    const space = this.#origins.get(url.origin)?.find((candidate) => covers(candidate, url))
    if (space === undefined) return undefined
    const free = space.nonces.find((state) => state.free)
    if (free !== undefined) return free.take()
    const latest = space.nonces.at(-1)
    return space.sharesNonces && latest !== undefined ? latest.take() : undefined
  }

  /**
   * Takes the nonce of a challenge for a request to `url`, which used `previous` (now
   * released) if it sent one: a renewed nonce replaces the one it renews, because servers
   * such as Apache count `nc` per client (`opaque`), not per nonce. The same nonce always
   * gets the same counter.
   */
  adopt(url: URL, challenge: DigestChallenge, previous: NonceState | undefined): NonceState {
    const spaces = this.#origins.get(url.origin) ?? []
    let space = spaces.find((candidate) => candidate.realm === challenge.realm)
    if (space === undefined) {
      space = { realm: challenge.realm, prefixes: undefined, nonces: [], sharesNonces: false }
    }
    space.prefixes = prefixesOf(challenge.domain, url)
    let state = space.nonces.find((known) => sameNonce(known.challenge, challenge))
    if (state === undefined) {
      state = new NonceState(challenge)
      if (previous !== undefined) remove(space.nonces, previous)
      space.nonces.push(state)
      if (space.nonces.length > MAX_NONCES_PER_SPACE) space.nonces.shift()
    } else if (state !== previous && !state.free) {
      space.sharesNonces = true
    }
    const others = spaces.filter((candidate) => candidate !== space)
    this.#origins.set(url.origin, [space, ...others].slice(0, MAX_SPACES_PER_ORIGIN))
    return state.take()
  }
}

function sameNonce(a: DigestChallenge, b: DigestChallenge): boolean {
  return a.nonce === b.nonce && a.algorithm.name === b.algorithm.name
}

function remove<T>(list: T[], item: T): void {
  const index = list.indexOf(item)
  if (index !== -1) list.splice(index, 1)
}

function covers(space: Space, url: URL): boolean {
  return (
    space.prefixes === undefined || space.prefixes.some((prefix) => url.pathname.startsWith(prefix))
  )
}

/** RFC 7616 section 3.3: no `domain` means every URI of the origin. */
function prefixesOf(domain: string | undefined, url: URL): readonly string[] | undefined {
  const prefixes: string[] = []
  for (const entry of domain?.split(/[ \t]+/) ?? []) {
    if (entry === '') continue
    try {
      const uri = new URL(entry, url)
      if (uri.origin === url.origin) prefixes.push(uri.pathname)
    } catch {
      // An entry that is no URI names nothing.
    }
  }
  return prefixes.length > 0 ? prefixes : undefined
}

/** 128 bits from the platform's cryptographic random source, as hex. */
export function randomCnonce(): string {
  return hex(crypto.getRandomValues(new Uint8Array(16)))
}

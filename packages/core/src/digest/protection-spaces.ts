import { BoundedMap } from '../util/bounded-map.js'
import { hex } from '../util/hex.js'
import type { DigestChallenge } from './challenge.js'

/** Bounds, so a long-lived client talking to many servers keeps a small, fixed memory. */
const MAX_ORIGINS = 64
const MAX_SPACES_PER_ORIGIN = 8
const MAX_NONCES = 256

/**
 * One nonce a server handed out, with its nonce count. Every request that uses it takes
 * the next count synchronously, so concurrent requests never send the same `nc`.
 */
export class NonceState {
  readonly challenge: DigestChallenge
  /**
   * For `-sess` algorithms, one cnonce for every request under this nonce: A1 is then the
   * same whichever request a server computed its session key from.
   */
  readonly sessionCnonce: string
  #count = 0

  constructor(challenge: DigestChallenge) {
    this.challenge = challenge
    this.sessionCnonce = randomCnonce()
  }

  /** The next `nc`: 00000001, 00000002, ... */
  nextCount(): string {
    this.#count++
    return this.#count.toString(16).padStart(8, '0')
  }
}

interface Space {
  readonly realm: string
  /** Same-origin path prefixes from the challenge's `domain`; `undefined` is the whole origin. */
  readonly prefixes: readonly string[] | undefined
  readonly state: NonceState
}

/**
 * What one `digest()` strategy has learned: per origin, the protection spaces (realms)
 * that challenged it and their current nonce, so later requests authenticate at once.
 * Only same-origin `domain` entries count: a challenge never sends credentials elsewhere.
 */
export class ProtectionSpaces {
  readonly #origins = new BoundedMap<string, Space[]>(MAX_ORIGINS)
  readonly #nonces = new BoundedMap<string, NonceState>(MAX_NONCES)

  /** The nonce to authenticate `url` with ahead of any challenge, if its space is known. */
  find(url: URL): NonceState | undefined {
    const spaces = this.#origins.get(url.origin)
    return spaces?.find((space) => covers(space, url))?.state
  }

  /** Remembers a challenge for `url`'s origin; the same nonce always gets the same counter. */
  adopt(url: URL, challenge: DigestChallenge): NonceState {
    const key = [url.origin, challenge.realm, challenge.algorithm.name, challenge.nonce].join('\n')
    let state = this.#nonces.get(key)
    if (state === undefined) {
      state = new NonceState(challenge)
      this.#nonces.set(key, state)
    }
    const others = (this.#origins.get(url.origin) ?? []).filter(
      (space) => space.realm !== challenge.realm,
    )
    const space: Space = {
      realm: challenge.realm,
      prefixes: prefixesOf(challenge.domain, url),
      state,
    }
    this.#origins.set(url.origin, [space, ...others].slice(0, MAX_SPACES_PER_ORIGIN))
    return state
  }
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

import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type ApacheDigest,
  apacheAvailable,
  createDigestServer,
  expectedDigestResponse,
  HopLog,
  type OriginServer,
  startApacheDigest,
  startOrigin,
} from '../src/kit/index.js'

const USERS = { alice: 'secret', 'Jäsøn Doe': 'pässword' }

interface Reply {
  readonly status: number
  readonly challenge: Map<string, string>
}

/** One GET on a new connection, the Authorization value sent as raw bytes (latin1 per char). */
function get(origin: string, path: string, authorization?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers = authorization === undefined ? {} : { authorization }
    const req = request(`${origin}${path}`, { agent: false, headers }, (response) => {
      response.resume()
      const header = String(response.headers['www-authenticate'] ?? '')
      const challenge = new Map<string, string>()
      for (const [, name, quoted, bare] of header.matchAll(/(\w+)=(?:"([^"]*)"|([^\s,]*))/g)) {
        challenge.set(name as string, quoted ?? bare ?? '')
      }
      response.on('end', () => resolve({ status: response.statusCode ?? 0, challenge }))
    })
    req.on('error', reject)
    req.end()
  })
}

/** The Authorization a client sends for `challenge`, with the given nc and username form. */
function answer(
  challenge: Map<string, string>,
  path: string,
  options: { nc: number; username: string; form?: 'raw' | 'extended' },
): string {
  const nc = options.nc.toString(16).padStart(8, '0')
  const cnonce = `cnonce${options.nc}`
  const realm = challenge.get('realm') ?? ''
  const nonce = challenge.get('nonce') ?? ''
  const response = expectedDigestResponse({
    algorithm: 'MD5',
    username: options.username,
    password: USERS[options.username as keyof typeof USERS],
    realm,
    nonce,
    method: 'GET',
    uri: path,
    qop: 'auth',
    nc,
    cnonce,
  })
  const username =
    options.form === 'extended'
      ? `username*=UTF-8''${encodeURIComponent(options.username)}`
      : `username="${Buffer.from(options.username).toString('latin1')}"`
  return `Digest ${username}, realm="${realm}", nonce="${nonce}", uri="${path}", algorithm=MD5, qop=auth, nc=${nc}, cnonce="${cnonce}", response="${response}", opaque="${challenge.get('opaque')}"`
}

if (!apacheAvailable() && !process.env.CI) {
  console.warn('apache-digest.test.ts: skipped, apache2 is not installed (CI=1 fails instead)')
}

/**
 * The kit's strict Digest server against a real Apache httpd (mod_auth_digest,
 * `AuthDigestNcCheck On`): the same requests, byte for byte, get the same answers.
 */
describe.runIf(apacheAvailable() || process.env.CI)(
  'the strict kit Digest server behaves as Apache httpd',
  () => {
    let apache: ApacheDigest | undefined
    let kit: OriginServer | undefined
    beforeAll(async () => {
      apache = await startApacheDigest(USERS)
      const strict = createDigestServer({
        users: USERS,
        realm: apache.realm,
        algorithms: ['MD5'],
        strict: true,
      })
      kit = await startOrigin({ log: new HopLog(), route: () => strict.handler })
    }, 30_000)
    afterAll(async () => {
      await apache?.stop()
      await kit?.close()
    })
    const servers = () => ({
      apache: apache?.origin ?? '',
      kit: `http://127.0.0.1:${kit?.port}`,
    })

    it('offers no charset; nc must rise as received; a refusal renews the nonce, same opaque', async () => {
      const outcomes: Record<string, unknown> = {}
      for (const [name, origin] of Object.entries(servers())) {
        const path = '/ok.txt'
        const first = await get(origin, path)
        const send = (challenge: Map<string, string>, nc: number) =>
          get(origin, path, answer(challenge, path, { nc, username: 'alice' }))
        const one = await send(first.challenge, 1)
        // Skipping a count is allowed; going back is not.
        const three = await send(first.challenge, 3)
        const back = await send(first.challenge, 2)
        const renewed = await send(back.challenge, 1)
        // The renewed nonce replaced the first one: it is no longer good, whatever its nc.
        const old = await send(first.challenge, 9)
        outcomes[name] = {
          charset: first.challenge.has('charset'),
          statuses: [first, one, three, back, renewed, old].map((reply) => reply.status),
          sameOpaque: back.challenge.get('opaque') === first.challenge.get('opaque'),
          newNonce: back.challenge.get('nonce') !== first.challenge.get('nonce'),
        }
      }
      expect(outcomes.apache).toEqual({
        charset: false,
        statuses: [401, 200, 200, 401, 200, 401],
        sameOpaque: true,
        newNonce: true,
      })
      expect(outcomes.kit).toEqual(outcomes.apache)
    })

    it('reads a raw UTF-8 username and ignores username*', async () => {
      const outcomes: Record<string, number[]> = {}
      for (const [name, origin] of Object.entries(servers())) {
        const path = '/ok.txt?utf8'
        const extended = await get(origin, path)
        const refused = await get(
          origin,
          path,
          answer(extended.challenge, path, { nc: 1, username: 'Jäsøn Doe', form: 'extended' }),
        )
        const raw = await get(
          origin,
          path,
          answer(refused.challenge, path, { nc: 1, username: 'Jäsøn Doe', form: 'raw' }),
        )
        outcomes[name] = [refused.status, raw.status]
      }
      expect(outcomes.apache).toEqual([401, 200])
      expect(outcomes.kit).toEqual(outcomes.apache)
    })
  },
)

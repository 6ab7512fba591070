import { generateKeyPairSync } from 'node:crypto'
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  type AuthError,
  type AuthStrategy,
  bearer,
  type ClientCertificate,
  chain,
  INVALID_CONFIG,
  isAuthError,
  mtls,
} from '@latchkey/core'
import { mtlsTransport } from '@latchkey/core/node'
import type { AuthFlow, AuthRequest } from '@latchkey/core/strategy'
import { expect } from '../expect.js'
import { encryptKey, toPkcs12 } from '../kit/certificates.js'
import type { Kit } from '../kit/kit.js'
import { json } from '../kit/routes.js'
import { findLeaks } from '../leaks.js'
import { SENTINEL } from '../sentinels.js'
import { expectNoCredentials, onlyHop, type Suite } from '../suite.js'

const PASSPHRASE = 'sentinel-passphrase-6d1f'

/** Client certificate material for `commonName`, trusting the kit's CA for the server. */
function material(kit: Kit, commonName: string): ClientCertificate {
  const { cert, key } = kit.issueClient(commonName)
  return { cert, key, ca: kit.ca }
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the request to fail')
    },
    (error: unknown) => error,
  )
}

/** Every message down the cause chain, for asserting that an error says what happened. */
function messages(error: unknown): string {
  const parts: string[] = []
  for (let current = error, depth = 0; current && depth < 8; depth++) {
    const { message, code } = current as { message?: string; code?: string }
    parts.push(`${code ?? ''} ${message ?? String(current)}`)
    current = (current as { cause?: unknown }).cause
  }
  return parts.join(' <- ')
}

/**
 * A token strategy in miniature: fetches a token through `ctx.transport` (never through
 * the client), then sends it as a bearer token, as the OAuth strategies do.
 */
function tokenFrom(tokenUrl: string): AuthStrategy {
  return {
    name: 'tokenFrom',
    secrets: { headers: ['authorization'], query: [] },
    async *flow(request: AuthRequest, ctx): AuthFlow {
      const response = await ctx.transport(
        new Request(tokenUrl, {
          method: 'POST',
          body: new URLSearchParams({ grant_type: 'client_credentials' }),
        }),
      )
      const { access_token: token } = (await response.json()) as { access_token: string }
      const headers = new Headers(request.headers)
      headers.set('authorization', `Bearer ${token}`)
      yield { ...request, headers }
    },
  }
}

/** Scenario 11: client certificates, presented in the handshake, only where they belong. */
export function mtlsScenarios(suite: Suite): void {
  const { afterAll, beforeAll, describe, it } = suite.test
  // A browser chooses client certificates itself: there the whole group is flagged off.
  const skip = suite.adapter.supports?.clientCertificates === false
  describe.skipIf(skip)('client certificates (mTLS)', () => {
    let directory = ''
    beforeAll(async () => {
      directory = await mkdtemp(join(tmpdir(), 'latchkey-mtls-'))
    })
    afterAll(async () => {
      await rm(directory, { recursive: true, force: true })
    })

    it('presents the certificate: the server sees its subject', async () => {
      const kit = suite.kit()
      const client = suite.client(mtls(material(kit, 'latchkey-client-a')))
      const response = await client.request({ url: `${kit.mtls}/echo/mtls` })
      expect(response.status).toBe(200)
      expect(onlyHop(kit, '/echo/mtls').clientCertificate).toBe('latchkey-client-a')
      expect(JSON.parse(response.body).clientCertificate).toBe('latchkey-client-a')
    })

    it('without one the handshake is refused with a clear error, and no request arrives', async () => {
      const kit = suite.kit()
      const error = await failure(
        suite.client(bearer(SENTINEL.token)).request({ url: `${kit.mtls}/echo/no-certificate` }),
      )
      expect(kit.log.at('/echo/no-certificate')).toHaveLength(0)
      // Says why, in every adapter: fetch's undici alone would say only "other side closed".
      expect(messages(error)).toMatch(/certificate/i)
      expect(findLeaks(error)).toEqual([])
    })

    it('an encrypted key with its passphrase', async () => {
      const kit = suite.kit()
      const { cert, key } = kit.issueClient('latchkey-client-a')
      const strategy = mtls({
        cert,
        key: encryptKey(key, PASSPHRASE),
        passphrase: PASSPHRASE,
        ca: kit.ca,
      })
      await suite.client(strategy).request({ url: `${kit.mtls}/echo/encrypted` })
      expect(onlyHop(kit, '/echo/encrypted').clientCertificate).toBe('latchkey-client-a')
    })

    it('a PKCS#12 bundle, from bytes and from a file', async () => {
      const kit = suite.kit()
      const pfx = toPkcs12(kit.issueClient('latchkey-client-b'), PASSPHRASE)
      const path = join(directory, 'client.p12')
      await writeFile(path, pfx)
      await suite
        .client(mtls({ pfx, passphrase: PASSPHRASE, ca: kit.ca }))
        .request({ url: `${kit.mtls}/echo/p12-bytes` })
      await suite
        .client(mtls({ pfx: path, passphrase: PASSPHRASE, ca: kit.ca }))
        .request({ url: `${kit.mtls}/echo/p12-file` })
      expect(onlyHop(kit, '/echo/p12-bytes').clientCertificate).toBe('latchkey-client-b')
      expect(onlyHop(kit, '/echo/p12-file').clientCertificate).toBe('latchkey-client-b')
    })

    it('files rotated on disk are presented from the next request on', async () => {
      const kit = suite.kit()
      const certPath = join(directory, `rotating-${suite.adapter.name}.crt`)
      const keyPath = join(directory, `rotating-${suite.adapter.name}.key`)
      // Written aside and renamed into place, as certificate managers do.
      const install = async (commonName: string) => {
        const { cert, key } = kit.issueClient(commonName)
        await writeFile(`${certPath}.new`, cert)
        await writeFile(`${keyPath}.new`, key)
        await rename(`${keyPath}.new`, keyPath)
        await rename(`${certPath}.new`, certPath)
      }
      await install('latchkey-client-a')
      const client = suite.client(mtls({ cert: certPath, key: keyPath, ca: kit.ca }))
      await client.request({ url: `${kit.mtls}/echo/rotation-1` })
      await client.request({ url: `${kit.mtls}/echo/rotation-2` })
      await install('latchkey-client-b')
      await client.request({ url: `${kit.mtls}/echo/rotation-3` })
      expect(onlyHop(kit, '/echo/rotation-1').clientCertificate).toBe('latchkey-client-a')
      expect(onlyHop(kit, '/echo/rotation-2').clientCertificate).toBe('latchkey-client-a')
      expect(onlyHop(kit, '/echo/rotation-3').clientCertificate).toBe('latchkey-client-b')
    })

    it('reuses connections while the certificate is unchanged; rotation opens a new one', async () => {
      const kit = suite.kit()
      let current = material(kit, 'latchkey-client-a')
      // A function returning equal material each time: the agent is found by content.
      const client = suite.client(mtls(() => ({ ...current })))
      for (const n of [1, 2, 3]) await client.request({ url: `${kit.mtls}/echo/keep-alive-${n}` })
      current = material(kit, 'latchkey-client-b')
      await client.request({ url: `${kit.mtls}/echo/rotated` })
      const before = new Set(kit.log.at('/echo/keep-alive-').map((hop) => hop.connection))
      const after = onlyHop(kit, '/echo/rotated')
      // A new agent per request would open a connection each time (a pool may open two).
      expect(before.size).toBeLessThan(3)
      expect(before.has(after.connection)).toBe(false)
      expect(after.clientCertificate).toBe('latchkey-client-b')
    })

    it('a missing file or a wrong passphrase fails with INVALID_CONFIG before anything is sent', async () => {
      const kit = suite.kit()
      const { cert, key } = kit.issueClient('latchkey-client-a')
      const missing = join(directory, 'missing.key')
      const wrong = mtls({
        cert,
        key: encryptKey(key, PASSPHRASE),
        passphrase: 'not-the-passphrase',
        ca: kit.ca,
      })
      const otherKey = generateKeyPairSync('ec', { namedCurve: 'P-256' })
        .privateKey.export({ type: 'pkcs8', format: 'pem' })
        .toString()
      const mismatched = mtls({ cert, key: otherKey, ca: kit.ca })
      for (const [strategy, problem] of [
        [mtls({ cert, key: missing, ca: kit.ca }), /cannot read .*missing\.key \(ENOENT\)/],
        [wrong, /cannot be used/],
        [mismatched, /cannot be used/],
      ] as const) {
        const error = await failure(
          suite.client(strategy).request({ url: `${kit.mtls}/echo/invalid` }),
        )
        expect(isAuthError(error), String(error)).toBe(true)
        expect((error as AuthError).code).toBe(INVALID_CONFIG)
        expect((error as AuthError).message).toMatch(problem)
        expect(findLeaks(error, [PASSPHRASE, key])).toEqual([])
      }
      expect(kit.log.at('/echo/invalid')).toHaveLength(0)
    })

    it('a material function: each request presents what it returns then', async () => {
      const kit = suite.kit()
      let current = material(kit, 'latchkey-client-a')
      const client = suite.client(mtls(async () => current))
      await client.request({ url: `${kit.mtls}/echo/function-a` })
      current = material(kit, 'latchkey-client-b')
      await client.request({ url: `${kit.mtls}/echo/function-b` })
      expect(onlyHop(kit, '/echo/function-a').clientCertificate).toBe('latchkey-client-a')
      expect(onlyHop(kit, '/echo/function-b').clientCertificate).toBe('latchkey-client-b')
    })

    it('chain(mtls, bearer) sends both: the certificate-bound token pattern', async () => {
      const kit = suite.kit()
      const strategy = chain(mtls(material(kit, 'latchkey-client-a')), bearer(SENTINEL.token))
      await suite.client(strategy).request({ url: `${kit.mtls}/echo/bound` })
      const hop = onlyHop(kit, '/echo/bound')
      expect(hop.clientCertificate).toBe('latchkey-client-a')
      expect(hop.headers.authorization).toBe(`Bearer ${SENTINEL.token}`)
    })

    it('is not offered to an origin out of scope', async () => {
      const kit = suite.kit()
      const client = suite.client(mtls(material(kit, 'latchkey-client-a')), {
        auth: { origins: [kit.mtls] },
      })
      await client.request({ url: `${kit.mtlsOptional}/echo/out-of-scope` })
      await client.request({ url: `${kit.mtls}/echo/in-scope` })
      await client.request({ url: `${kit.mtls}/echo/opted-out`, optOut: true }).catch(() => {})
      expect(onlyHop(kit, '/echo/out-of-scope').clientCertificate).toBeUndefined()
      expect(onlyHop(kit, '/echo/in-scope').clientCertificate).toBe('latchkey-client-a')
      // Opted out, the request has no certificate, and the required-mTLS origin refuses it.
      expect(kit.log.at('/echo/opted-out')).toHaveLength(0)
    })

    it('is not offered after a redirect to another origin, nor is the token', async () => {
      const kit = suite.kit()
      const strategy = chain(mtls(material(kit, 'latchkey-client-a')), bearer(SENTINEL.token))
      const away = `${kit.mtlsOptional}/echo/redirected`
      await suite
        .client(strategy)
        .request({ url: `${kit.mtls}/redirect?status=307&to=${encodeURIComponent(away)}` })
      expect(onlyHop(kit, '/redirect').clientCertificate).toBe('latchkey-client-a')
      const hop = onlyHop(kit, '/echo/redirected')
      expect(hop.clientCertificate).toBeUndefined()
      expectNoCredentials(hop)
    })

    it('token endpoints see the same certificate through mtlsTransport()', async () => {
      const kit = suite.kit()
      const certificate = material(kit, 'latchkey-client-a')
      kit.handle('/mtls-token', (hop, _url, response) =>
        json(response, 200, {
          access_token: hop.clientCertificate === 'latchkey-client-a' ? SENTINEL.token : 'unbound',
          token_type: 'Bearer',
        }),
      )
      const strategy = chain(mtls(certificate), tokenFrom(`${kit.mtls}/mtls-token`))
      await suite
        .client(strategy, { auth: { transport: mtlsTransport(certificate) } })
        .request({ url: `${kit.mtls}/echo/with-token` })
      const token = onlyHop(kit, '/mtls-token')
      expect(token.clientCertificate).toBe('latchkey-client-a')
      expect(token.body.toString()).toBe('grant_type=client_credentials')
      const hop = onlyHop(kit, '/echo/with-token')
      expect(hop.clientCertificate).toBe('latchkey-client-a')
      expect(hop.headers.authorization).toBe(`Bearer ${SENTINEL.token}`)
    })

    it.skipIf(suite.adapter.supports?.keepsClientTls === false)(
      "keeps the client's own TLS settings: without a ca, the client's CA is trusted",
      async () => {
        const kit = suite.kit()
        const { cert, key } = kit.issueClient('latchkey-client-a')
        await suite.client(mtls({ cert, key })).request({ url: `${kit.mtls}/echo/client-ca` })
        expect(onlyHop(kit, '/echo/client-ca').clientCertificate).toBe('latchkey-client-a')
      },
    )

    it('errors carry neither the key nor its passphrase', async () => {
      const kit = suite.kit()
      const { cert, key } = kit.issueClient('latchkey-client-a')
      const encrypted = encryptKey(key, PASSPHRASE)
      const secrets = [
        PASSPHRASE,
        encrypted,
        ...encrypted.split('\n').filter((line) => line.length > 40),
      ]
      const strategy = mtls({ cert, key: encrypted, passphrase: PASSPHRASE, ca: kit.ca })
      const unreachable = kit.closed.replace('http:', 'https:')
      const network = await failure(
        suite.client(strategy).request({ url: `${unreachable}/echo/nowhere` }),
      )
      expect(findLeaks(network, secrets)).toEqual([])
      if (suite.adapter.supports?.httpErrors === false) return
      const http = await failure(
        suite
          .client(strategy, { throwHttpErrors: true })
          .request({ url: `${kit.mtls}/status/500` }),
      )
      expect(findLeaks(http, secrets)).toEqual([])
    })
  })
}

import { describe, expect, it } from 'vitest'
import { Authenticator, drive, type Transmitter } from '../src/adapter.js'
import {
  type AuthError,
  type AuthStrategy,
  bearer,
  CREDENTIAL_UNAVAILABLE,
  chain,
  INSECURE_TRANSPORT,
  INVALID_CONFIG,
  isAuthError,
  mtls,
  none,
  route,
} from '../src/index.js'
import { stripCredentials } from '../src/policy/redirect.js'
import type { AuthRequest } from '../src/strategy.js'
import { context, drain, request, response } from './helpers.js'

const cert = '-----BEGIN CERTIFICATE-----\nMIIBsentinelcert\n-----END CERTIFICATE-----\n'
const key = '-----BEGIN PRIVATE KEY-----\nMIIEsentinel-private-key\n-----END PRIVATE KEY-----\n'

function invalid(build: () => unknown): AuthError {
  try {
    build()
  } catch (error) {
    expect(isAuthError(error), String(error)).toBe(true)
    expect((error as AuthError).code).toBe(INVALID_CONFIG)
    expect((error as AuthError).message).not.toContain('sentinel')
    return error as AuthError
  }
  throw new Error('expected INVALID_CONFIG')
}

describe('mtls', () => {
  it('puts the certificate on the request and declares it', async () => {
    const strategy = mtls({ cert, key, passphrase: 'sentinel-passphrase' })
    expect(strategy.secrets).toEqual({ headers: [], query: [], tls: true })
    const ctx = context()
    const [sent] = await drain(strategy.flow(request(), ctx))
    expect(sent?.tls).toEqual({ cert, key, passphrase: 'sentinel-passphrase' })
    expect(sent?.headers.has('authorization')).toBe(false)
    // Values that may surface in an error are registered for redaction.
    expect(ctx.registered).toEqual(expect.arrayContaining(['sentinel-passphrase', key]))
  })

  it('accepts bytes, file paths, PKCS#12 and several CAs', async () => {
    const bytes = new TextEncoder().encode(cert)
    const [fromFiles] = await drain(
      mtls({ cert: '/etc/tls/client.crt', key: './client.key' }).flow(request(), context()),
    )
    expect(fromFiles?.tls).toEqual({ cert: '/etc/tls/client.crt', key: './client.key' })
    const [fromPfx] = await drain(
      mtls({ pfx: new Uint8Array([48, 130]), passphrase: 'pw', ca: [cert, bytes] }).flow(
        request(),
        context(),
      ),
    )
    expect(fromPfx?.tls?.pfx).toEqual(new Uint8Array([48, 130]))
    expect(fromPfx?.tls?.ca).toEqual([cert, bytes])
  })

  it('copies static material, so changing the caller object later changes nothing', async () => {
    const material: { cert: string; key: string } = { cert, key }
    const strategy = mtls(material)
    material.cert = '/somewhere/else.crt'
    const [sent] = await drain(strategy.flow(request(), context()))
    expect(sent?.tls?.cert).toBe(cert)
    expect(Object.isFrozen(sent?.tls)).toBe(true)
  })

  it('calls a material function per request, sync or async, and validates what it returns', async () => {
    let n = 0
    const strategy = mtls(async () => ({ cert, key: `/keys/${++n}.key` }))
    const [first] = await drain(strategy.flow(request(), context()))
    const [second] = await drain(mtls(() => ({ pfx: '/p.p12' })).flow(request(), context()))
    const [third] = await drain(strategy.flow(request(), context()))
    expect(first?.tls?.key).toBe('/keys/1.key')
    expect(second?.tls?.pfx).toBe('/p.p12')
    expect(third?.tls?.key).toBe('/keys/2.key')
    const broken = mtls(() => ({ cert }) as never)
    const error = await drain(broken.flow(request(), context())).catch((thrown: unknown) => thrown)
    // Built fine; this request's function returned junk: not a configuration error.
    expect((error as AuthError).code).toBe(CREDENTIAL_UNAVAILABLE)
    expect((error as AuthError).message).toMatch(/key is required/)
    expect((error as AuthError).message).not.toContain('sentinel')
  })

  it('rejects incomplete, conflicting or malformed material at construction', () => {
    invalid(() => mtls(undefined as never))
    invalid(() => mtls('client.pem' as never))
    invalid(() => mtls({} as never))
    expect(invalid(() => mtls({ cert } as never)).message).toMatch(/key is required/)
    expect(invalid(() => mtls({ key } as never)).message).toMatch(/cert is required/)
    expect(invalid(() => mtls({ cert, key, pfx: '/p.p12' })).message).toMatch(/not both/)
    expect(invalid(() => mtls({ key, pfx: '/p.p12' })).message).toMatch(/not both/)
    invalid(() => mtls({ cert: '', key }))
    invalid(() => mtls({ cert, key: new Uint8Array() }))
    invalid(() => mtls({ cert, key: 42 as never }))
    invalid(() => mtls({ cert, key, passphrase: '' }))
    invalid(() => mtls({ cert, key, ca: [cert, 7 as never] }))
    // The wrong kind of PEM, and PEM where PKCS#12 bytes belong.
    expect(invalid(() => mtls({ cert: key, key })).message).toMatch(/wrong kind/)
    expect(invalid(() => mtls({ cert, key: cert })).message).toMatch(/wrong kind/)
    invalid(() => mtls({ pfx: cert }))
    // got's option names are a likely slip: named, not ignored.
    expect(invalid(() => mtls({ certificate: cert, key } as never)).message).toMatch(
      /unknown option "certificate"/,
    )
  })

  it('refuses plain http: there is no handshake to present the certificate in', async () => {
    const error = await drain(
      mtls({ cert, key }).flow(request('http://127.0.0.1:8080/x'), context()),
    ).catch((thrown: unknown) => thrown)
    expect((error as AuthError).code).toBe(INSECURE_TRANSPORT)
  })

  it('composes: chain and route carry the declaration, and bearer keeps the certificate', async () => {
    const both = chain(mtls({ cert, key }), bearer('sentinel-token-77'))
    expect(both.secrets.tls).toBe(true)
    expect(route({ 'https://a.example': mtls({ cert, key }) }).secrets.tls).toBe(true)
    expect(chain(none(), bearer('t0ken-x')).secrets.tls).toBeUndefined()
    const [sent] = await drain(both.flow(request(), context()))
    expect(sent?.tls?.cert).toBe(cert)
    expect(sent?.headers.get('authorization')).toBe('Bearer sentinel-token-77')
  })
})

describe('the exchange and a client certificate', () => {
  function wire(replies: { status: number; location?: string }[]) {
    const sent: AuthRequest[] = []
    const transmitter: Transmitter<{ status: number; location?: string }> = {
      followRedirects: true,
      maxRedirects: 5,
      send: async (request) => {
        sent.push(request)
        return replies.shift() ?? { status: 200 }
      },
      view: (reply) => response(reply.status, reply.location ? { location: reply.location } : {}),
      discard: () => {},
    }
    return { sent, transmitter }
  }

  it('keeps it on same-origin hops and drops it for the rest of the chain once it leaves', async () => {
    const { sent, transmitter } = wire([
      { status: 302, location: '/same' },
      { status: 307, location: 'https://other.example.com/away' },
      { status: 308, location: 'https://api.example.com/back' },
    ])
    const auth = new Authenticator(mtls({ cert, key }))
    await drive(auth.exchange(), request(), transmitter)
    expect(sent.map((hop) => [hop.url.origin, hop.tls !== undefined])).toEqual([
      ['https://api.example.com', true],
      ['https://api.example.com', true],
      ['https://other.example.com', false],
      ['https://api.example.com', false],
    ])
  })

  it('refuses a certificate from a strategy that does not declare one', async () => {
    const undeclared: AuthStrategy = {
      name: 'undeclared',
      secrets: { headers: [], query: [] },
      async *flow(request) {
        yield { ...request, tls: { cert, key } }
      },
    }
    const { transmitter } = wire([])
    const error = await drive(
      new Authenticator(undeclared).exchange(),
      request(),
      transmitter,
    ).catch((caught: unknown) => caught)
    expect((error as AuthError).code).toBe(INVALID_CONFIG)
  })

  it('is one of the credentials stripCredentials removes', () => {
    const stripped = stripCredentials(
      { ...request(), tls: { cert, key } },
      mtls({ cert, key }).secrets,
    )
    expect(stripped.tls).toBeUndefined()
    expect('tls' in stripped).toBe(false)
  })

  it('does not present it out of scope or when the request opts out', async () => {
    const auth = new Authenticator(mtls({ cert, key }), { origins: ['https://api.example.com'] })
    const outside = wire([])
    await drive(auth.exchange(), request('https://other.example.com/x'), outside.transmitter)
    const optedOut = wire([])
    await drive(auth.exchange({ skip: true }), request(), optedOut.transmitter)
    expect(outside.sent[0]?.tls).toBeUndefined()
    expect(optedOut.sent[0]?.tls).toBeUndefined()
  })

  it('starts each hop without the previous hop certificate: the flow decides again', async () => {
    // Presents a certificate on /first only; a redirect hop is built from the hop before it.
    const firstOnly: AuthStrategy = {
      name: 'firstOnly',
      secrets: { headers: [], query: [], tls: true },
      async *flow(request) {
        yield request.url.pathname === '/first' ? { ...request, tls: { cert, key } } : request
      },
    }
    const { sent, transmitter } = wire([{ status: 307, location: '/second' }])
    await drive(
      new Authenticator(firstOnly).exchange(),
      request('https://api.example.com/first'),
      transmitter,
    )
    expect(sent.map((hop) => hop.tls !== undefined)).toEqual([true, false])
  })
})

import { createHash } from 'node:crypto'
import { inspect } from 'node:util'
import { Agent } from 'undici'
import { describe, expect, it } from 'vitest'
import { agentProxy } from '../src/adapter.js'
import { authErrorRaisedBelow } from '../src/errors/raised-below.js'
import { AuthError, CHALLENGE_FAILED, INVALID_CONFIG, proxyAuth } from '../src/index.js'
import { proxyAgents, proxyConnector } from '../src/node/index.js'
import { answerProxyChallenge } from '../src/proxy/auth.js'

const PASSWORD = 'proxy-secret-5e1d'
const auth = () => proxyAuth({ username: 'alice', password: PASSWORD })
const connect = { method: 'CONNECT', uri: 'api.example:443', proxy: 'http://proxy.example:3128' }

const code = (run: () => unknown) => {
  try {
    run()
  } catch (error) {
    return (error as AuthError).code
  }
  return undefined
}

describe('proxyAuth', () => {
  it('refuses credentials that cannot be sent, and unknown schemes, at once', () => {
    expect(code(() => proxyAuth({ username: 'a:b', password: 'x' }))).toBe(INVALID_CONFIG)
    expect(code(() => proxyAuth({ username: 'a', password: 'x\r\n' }))).toBe(INVALID_CONFIG)
    expect(code(() => proxyAuth({ username: 1 as never, password: 'x' }))).toBe(INVALID_CONFIG)
    expect(code(() => proxyAuth({ username: 'a', password: 'x', schemes: [] }))).toBe(
      INVALID_CONFIG,
    )
    expect(
      code(() => proxyAuth({ username: 'a', password: 'x', schemes: ['ntlm' as never] })),
    ).toBe(INVALID_CONFIG)
  })

  it('holds the password where nothing that walks the object finds it', () => {
    const credentials = auth()
    expect(JSON.stringify(credentials)).not.toContain(PASSWORD)
    expect(inspect(credentials, { showHidden: true, depth: 10 })).not.toContain(PASSWORD)
    const agents = proxyAgents({ proxy: 'http://127.0.0.1:3128', auth: credentials })
    expect(inspect(agents, { showHidden: true, depth: 10 })).not.toContain(PASSWORD)
  })

  it('answers a Basic challenge with the UTF-8 user-pass', () => {
    const value = answerProxyChallenge(auth(), 'Basic realm="corp"', connect)
    expect(value).toBe(`Basic ${Buffer.from(`alice:${PASSWORD}`).toString('base64')}`)
  })

  it('answers Digest over Basic when offered both, for the CONNECT authority (the proxy recomputes it)', () => {
    const header =
      'Basic realm="corp", Digest realm="corp", qop="auth", algorithm=SHA-256, nonce="n1", opaque="o"'
    const value = answerProxyChallenge(auth(), header, connect)
    expect(value.startsWith('Digest ')).toBe(true)
    const params = new Map(
      [...value.matchAll(/([a-z]+)=(?:"([^"]*)"|([^\s,]+))/g)].map((m) => [m[1], m[2] ?? m[3]]),
    )
    const H = (text: string) => createHash('sha256').update(text).digest('hex')
    const ha1 = H(`alice:corp:${PASSWORD}`)
    const ha2 = H('CONNECT:api.example:443')
    expect(params.get('uri')).toBe('api.example:443')
    expect(params.get('opaque')).toBe('o')
    expect(params.get('response')).toBe(
      H(`${ha1}:n1:${params.get('nc')}:${params.get('cnonce')}:auth:${ha2}`),
    )
  })

  it('never sends the password itself when only Digest is allowed, even to a proxy asking for Basic', () => {
    const digestOnly = proxyAuth({ username: 'alice', password: PASSWORD, schemes: ['digest'] })
    let thrown: unknown
    try {
      answerProxyChallenge(digestOnly, 'Basic realm="corp"', connect)
    } catch (error) {
      thrown = error
    }
    expect((thrown as AuthError).code).toBe(CHALLENGE_FAILED)
    expect((thrown as AuthError).status).toBe(407)
    expect(String((thrown as Error).message)).not.toContain(PASSWORD)
  })

  it('fails typed for a challenge it cannot answer (Negotiate, or none at all)', () => {
    expect(code(() => answerProxyChallenge(auth(), 'Negotiate', connect))).toBe(CHALLENGE_FAILED)
    expect(code(() => answerProxyChallenge(auth(), null, connect))).toBe(CHALLENGE_FAILED)
    expect(code(() => answerProxyChallenge(auth(), '"broken', connect))).toBe(CHALLENGE_FAILED)
  })
})

describe('proxy agents and connector', () => {
  it('refuse a proxy URL with credentials in it, or that is not http(s)', () => {
    expect(code(() => proxyAgents({ proxy: 'http://u:p@proxy:3128' }))).toBe(INVALID_CONFIG)
    expect(code(() => proxyConnector({ proxy: 'socks5://proxy:1080' }))).toBe(INVALID_CONFIG)
    expect(code(() => proxyAgents({ proxy: 'not a url' }))).toBe(INVALID_CONFIG)
    expect(
      code(() =>
        proxyAgents({ proxy: 'http://proxy:3128', auth: { kind: 'proxy-auth' } as never }),
      ),
    ).toBe(INVALID_CONFIG)
  })

  it('are seen by the transport check: the proxy a request goes through', () => {
    const agents = proxyAgents({ proxy: 'http://proxy.example:3128', auth: auth() })
    const url = new URL('http://api.example/')
    expect(agentProxy(agents.http, url)?.href).toBe('http://proxy.example:3128/')
    expect(agentProxy(agents.https, new URL('https://api.example/'))?.href).toBe(
      'http://proxy.example:3128/',
    )
    const dispatcher = new Agent({
      connect: proxyConnector({ proxy: 'http://proxy.example:3128' }),
    })
    expect(agentProxy(dispatcher, url)?.href).toBe('http://proxy.example:3128/')
    expect(agentProxy(new Agent(), url)).toBeUndefined()
  })
})

describe('authErrorRaisedBelow', () => {
  it('finds an AuthError a client wrapped, and nothing in a plain error', () => {
    const below = new AuthError(CHALLENGE_FAILED, 'refused')
    const wrapped = new TypeError('fetch failed', { cause: new Error('x', { cause: below }) })
    expect(authErrorRaisedBelow(wrapped)).toBe(below)
    expect(authErrorRaisedBelow(new Error('plain'))).toBeUndefined()
  })
})

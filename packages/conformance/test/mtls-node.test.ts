import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type AuthError, INSECURE_TRANSPORT, INVALID_CONFIG } from '@latchkey/core'
import { CertificateAgents, CertificateLoader, mtlsTransport } from '@latchkey/core/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { json, type Kit, startKit } from '../src/index.js'

describe('@latchkey/core/node', () => {
  let kit: Kit
  let directory: string
  beforeAll(async () => {
    kit = await startKit()
    directory = await mkdtemp(join(tmpdir(), 'latchkey-node-'))
  }, 60_000)
  afterAll(async () => {
    await kit.close()
    await rm(directory, { recursive: true, force: true })
  })

  describe('mtlsTransport', () => {
    it('sends a token request with the client certificate and returns the response', async () => {
      kit.reset()
      kit.handle('/token', (hop, _url, response) =>
        json(response, 200, { access_token: `token-for-${hop.clientCertificate}`, expires_in: 60 }),
      )
      const { cert, key } = kit.issueClient('latchkey-transport')
      const transport = mtlsTransport({ cert, key, ca: kit.ca })
      const response = await transport(
        new Request(`${kit.mtls}/token`, {
          method: 'POST',
          headers: { accept: 'application/json' },
          body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'a b' }),
        }),
      )
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toBe('application/json')
      expect(await response.json()).toEqual({
        access_token: 'token-for-latchkey-transport',
        expires_in: 60,
      })
      const [hop] = kit.log.at('/token')
      expect(hop?.method).toBe('POST')
      expect(hop?.headers['content-type']).toBe('application/x-www-form-urlencoded;charset=UTF-8')
      expect(hop?.headers.accept).toBe('application/json')
      expect(hop?.body.toString()).toBe('grant_type=client_credentials&scope=a+b')
    })

    it('returns error statuses and empty bodies as they are, and honours abort', async () => {
      kit.reset()
      const { cert, key } = kit.issueClient('latchkey-transport')
      const transport = mtlsTransport(async () => ({ cert, key, ca: kit.ca }))
      const denied = await transport(new Request(`${kit.mtls}/status/401`))
      expect(denied.status).toBe(401)
      expect(await denied.text()).toBe('status 401')
      const head = await transport(new Request(`${kit.mtls}/echo/head`, { method: 'HEAD' }))
      expect(head.body).toBeNull()
      const aborted = await transport(
        new Request(`${kit.mtls}/slow?ms=5000`, { signal: AbortSignal.abort() }),
      ).catch((error: unknown) => error)
      expect((aborted as Error).name).toBe('AbortError')
    })

    it('refuses plain http and invalid material', async () => {
      const { cert, key } = kit.issueClient('latchkey-transport')
      const insecure = await mtlsTransport({ cert, key })(new Request(`${kit.http}/token`)).catch(
        (error: unknown) => error,
      )
      expect((insecure as AuthError).code).toBe(INSECURE_TRANSPORT)
      expect(() => mtlsTransport({ cert } as never)).toThrow(/key is required/)
    })
  })

  describe('CertificateLoader', () => {
    it('re-reads a file rewritten in place, and only then', async () => {
      const a = kit.issueClient('latchkey-loader-a')
      const b = kit.issueClient('latchkey-loader-b')
      const certPath = join(directory, 'in-place.crt')
      await writeFile(certPath, a.cert)
      const loader = new CertificateLoader()
      const material = { cert: certPath, key: a.key }
      const first = await loader.load(material)
      const again = await loader.load(material)
      expect(again.options.cert).toBe(first.options.cert) // the same bytes, not read again
      expect(again.id).toBe(first.id)
      await writeFile(certPath, b.cert)
      // Timestamps are coarse: a distinct mtime makes the change certain, as a later write would.
      const later = new Date(Date.now() + 10_000)
      await utimes(certPath, later, later)
      const rotated = await loader.load(material)
      expect(rotated.id).not.toBe(first.id)
      expect(rotated.options.cert?.toString()).toBe(b.cert)
    })

    it('fails with INVALID_CONFIG naming the file, never its content', async () => {
      const error = await new CertificateLoader()
        .load({ cert: join(directory, 'absent.crt'), key: join(directory, 'absent.key') })
        .catch((caught: unknown) => caught)
      expect((error as AuthError).code).toBe(INVALID_CONFIG)
      expect((error as AuthError).message).toMatch(/absent\.crt \(ENOENT\)/)
    })
  })

  describe('CertificateAgents', () => {
    it('builds one agent per certificate and retires the least recent beyond a few', async () => {
      const created: string[] = []
      const retired: string[] = []
      const agents = new CertificateAgents({
        create: (tls) => {
          created.push(String(tls.cert))
          return String(tls.cert)
        },
        retire: (agent) => retired.push(agent),
      })
      const pairs = ['1', '2', '3', '4', '5'].map((n) => kit.issueClient(`latchkey-pool-${n}`))
      const [first] = pairs
      for (const { cert, key } of pairs) await agents.get({ cert, key })
      await agents.get({ cert: pairs[4]?.cert, key: pairs[4]?.key } as never)
      expect(created).toHaveLength(5)
      expect(retired).toEqual([first?.cert])
    })
  })
})

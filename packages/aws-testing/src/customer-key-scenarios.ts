import { awsSigV4 } from '@latchkey/aws'
import {
  expect,
  expectRefusedRedirect,
  findLeaks,
  onlyHop,
  SENTINEL,
  type Suite,
} from '@latchkey/conformance'

/** SSE-C headers as a caller sets them: the key (base64 of 32 bytes) and its MD5. */
const CUSTOMER_KEY = Buffer.from('sentinel-sse-c-customer-key-32by').toString('base64')
const CUSTOMER_KEY_MD5 = 'c2VudGluZWwtc3NlYy1tZDU='
const COPY_KEY = Buffer.from('sentinel-sse-c-copy-source-key-3').toString('base64')
const customerKeyHeaders = {
  'x-amz-server-side-encryption-customer-algorithm': 'AES256',
  'x-amz-server-side-encryption-customer-key': CUSTOMER_KEY,
  'x-amz-server-side-encryption-customer-key-MD5': CUSTOMER_KEY_MD5,
  'x-amz-copy-source-server-side-encryption-customer-key': COPY_KEY,
  'x-amz-copy-source-server-side-encryption-customer-key-MD5': CUSTOMER_KEY_MD5,
}
const SECRET_NAMES = Object.keys(customerKeyHeaders)
  .filter((name) => name.includes('-key'))
  .map((name) => name.toLowerCase())

const signing = () =>
  awsSigV4({
    region: 'eu-west-1',
    service: 's3',
    credentials: { accessKeyId: 'AKIDCONFORMANCE', secretAccessKey: SENTINEL.awsSecretKey },
  })

/** Issue 10, point 13: S3 customer keys (SSE-C) leave with the signature, never with a redirect. */
export function sigv4CustomerKeyScenarios(suite: Suite): void {
  const { describe, it } = suite.test
  // A browser follows redirects itself, taking every header but Authorization along: a
  // signed request (X-Amz-* headers) is refused when redirected, before its target.
  const readsRedirects = suite.adapter.supports?.readsRedirects !== false
  describe('AWS SigV4 customer keys (SSE-C)', () => {
    for (const status of [302, 307]) {
      it(`${status} to another origin: no customer key header`, async () => {
        const kit = suite.kit()
        const to = encodeURIComponent(`${kit.other}/s3-away/bucket/key`)
        const sent = suite.client(signing()).request({
          url: `${kit.http}/redirect?status=${status}&to=${to}`,
          headers: customerKeyHeaders,
        })
        if (!readsRedirects) {
          const error = await expectRefusedRedirect(sent, kit, '/s3-away')
          expect(findLeaks(error, [CUSTOMER_KEY, COPY_KEY])).toEqual([])
          return
        }
        await sent
        const first = onlyHop(kit, '/redirect')
        expect(first.headers['x-amz-server-side-encryption-customer-key']).toBe(CUSTOMER_KEY)
        const away = onlyHop(kit, '/s3-away')
        for (const name of SECRET_NAMES)
          expect(away.headers[name], `${name} arrived`).toBeUndefined()
        expect(JSON.stringify(away.rawHeaders)).not.toContain(CUSTOMER_KEY)
      })
    }

    it('a same-origin redirect keeps them, and errors never show them', async ({ skip }) => {
      const kit = suite.kit()
      const to = encodeURIComponent('/echo/moved')
      const sent = suite.client(signing()).request({
        url: `${kit.http}/redirect?status=307&to=${to}`,
        headers: customerKeyHeaders,
      })
      // The page is on another origin than the API: its redirects are refused too.
      if (readsRedirects) {
        await sent
        expect(
          onlyHop(kit, '/echo/moved').headers['x-amz-server-side-encryption-customer-key'],
        ).toBe(CUSTOMER_KEY)
      } else {
        const error = await expectRefusedRedirect(sent, kit, '/echo/moved')
        expect(findLeaks(error, [CUSTOMER_KEY, COPY_KEY])).toEqual([])
      }
      if (suite.adapter.supports?.httpErrors === false) skip('this client resolves on HTTP errors')
      const error = await suite
        .client(signing(), { throwHttpErrors: true })
        .request({ url: `${kit.http}/status/403`, headers: customerKeyHeaders })
        .then(
          () => undefined,
          (thrown: unknown) => thrown,
        )
      expect(error, 'the client should throw its HTTP error').toBeDefined()
      expect(findLeaks(error, [CUSTOMER_KEY, COPY_KEY])).toEqual([])
    })
  })
}

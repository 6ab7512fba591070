// Plain JavaScript, CommonJS: require() of the ESM packages (Node.js 20.19+, 22.12+).
const assert = require('node:assert/strict')
require('@latchkey/aws')
const { withAuth: withAxios } = require('@latchkey/axios')
require('@latchkey/conformance/kit')
const { bearer } = require('@latchkey/core')
require('@latchkey/core/node')
require('@latchkey/core/testing')
const { withAuth: withFetch } = require('@latchkey/fetch')
const { withAuth: withGot } = require('@latchkey/got')
const { withAuth: withKy } = require('@latchkey/ky')
require('@latchkey/oidc')
require('@latchkey/oidc-testing/kit')
const axios = require('axios')
const { default: got } = require('got')
const { default: ky } = require('ky')

async function main() {
  const url = process.argv[2]
  const token = bearer('consumer-token-1')
  const sent = { authorization: 'Bearer consumer-token-1' }

  assert.deepEqual(await (await withFetch(fetch, token)(`${url}/echo`)).json(), sent)
  assert.deepEqual(await withKy(ky.create(), token).get(`${url}/echo`).json(), sent)
  assert.deepEqual(
    await withGot(got.extend({ prefixUrl: url }), token)
      .get('echo')
      .json(),
    sent,
  )
  const api = withAxios(axios.create({ baseURL: url }), token)
  assert.deepEqual((await api.get('/echo')).data, sent)
  const error = await api.get('/missing').catch((caught) => caught)
  assert.ok(error instanceof axios.AxiosError && error.response.status === 404, String(error))
  console.log('ok')
}

main()

// Plain JavaScript, ESM: every entry point loads, every adapter makes one real request.
import assert from 'node:assert/strict'
import '@latchkey/aws'
import { withAuth as withAxios } from '@latchkey/axios'
import '@latchkey/conformance/kit'
import { bearer } from '@latchkey/core'
import '@latchkey/core/node'
import '@latchkey/core/testing'
import { withAuth as withFetch } from '@latchkey/fetch'
import { withAuth as withGot } from '@latchkey/got'
import { withAuth as withKy } from '@latchkey/ky'
import '@latchkey/oidc'
import '@latchkey/oidc-testing/kit'
import axios from 'axios'
import got from 'got'
import ky from 'ky'

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

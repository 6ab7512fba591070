// An ESM TypeScript project (module nodenext, or bundler): every adapter, one real request each.
import assert from 'node:assert/strict'
import { withAuth as withAxios } from '@latchkey/axios'
import { bearer } from '@latchkey/core'
import { withAuth as withFetch } from '@latchkey/fetch'
import { withAuth as withGot } from '@latchkey/got'
import { withAuth as withKy } from '@latchkey/ky'
import axios, { AxiosError } from 'axios'
import got from 'got'
import ky from 'ky'

const url = process.argv[2] ?? ''
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
assert.deepEqual((await api.get('/echo', { latchkey: false })).data, { authorization: null })
const error: unknown = await api.get('/missing').catch((caught: unknown) => caught)
assert.ok(error instanceof AxiosError && error.response?.status === 404, String(error))
console.log('ok')

// A browser project: the DOM lib, no Node.js types, the browser-capable packages.

import { withAuth as withAxios } from '@latchkey/axios'
import { bearer } from '@latchkey/core'
import { withAuth as withFetch } from '@latchkey/fetch'
import { withAuth as withKy } from '@latchkey/ky'
import axios from 'axios'
import ky from 'ky'

const token = bearer(() => 'browser-token-1')
export const authFetch: typeof fetch = withFetch(fetch, token)
export const api = withKy(ky.create(), token)
export const client = withAxios(axios.create({ baseURL: location.origin }), token)
export const health = client.get('/health', { latchkey: false })

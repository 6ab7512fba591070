// Compiled by `typecheck`: withAuth over a got 15 instance keeps got 15's own type.
import { bearer } from '@latchkey/core'
import got, { type Got } from 'got15'
import { withAuth } from '../src/index.js'

const api: Got = withAuth(got.extend({ prefixUrl: 'https://api.example.com' }), bearer('t'))
export const me: Promise<unknown> = api.get('me', { context: { latchkey: false } }).json()
export const extended: Got = withAuth(api.extend({ timeout: { request: 1000 } }), bearer('t'))

// @ts-expect-error: not a got instance
withAuth({ get: () => undefined }, bearer('t'))

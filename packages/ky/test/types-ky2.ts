// Compiled by `typecheck`: withAuth over a ky 2 instance keeps ky 2's own type.
import { bearer } from '@latchkey/core'
import ky, { type KyInstance } from 'ky2'
import { withAuth } from '../src/index.js'

const api: KyInstance = withAuth(ky.create({ prefix: 'https://api.example.com' }), bearer('t'))
export const me: Promise<unknown> = api.get('me', { latchkey: false }).json()
export const extended: KyInstance = withAuth(api.extend({ timeout: 1000 }), bearer('t'))

// @ts-expect-error: not a ky instance
withAuth({ get: () => undefined }, bearer('t'))

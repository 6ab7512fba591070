// Compiled by `typecheck`: withAuth over a ky 1 instance keeps ky 1's own type.
import { bearer } from '@latchkey/core'
import ky, { type KyInstance } from 'ky'
import { withAuth } from '../src/index.js'

const api: KyInstance = withAuth(ky.create({ prefixUrl: 'https://api.example.com' }), bearer('t'))
export const me: Promise<unknown> = api.get('me', { latchkey: false }).json()
export const extended: KyInstance = withAuth(api.extend({ timeout: 1000 }), bearer('t'))

// @ts-expect-error: not a ky instance
withAuth({ get: () => undefined }, bearer('t'))

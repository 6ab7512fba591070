import { bearer, isAuthError, UNSUPPORTED } from '@latchkey/core'
import { expect, it } from 'vitest'
import { withAuth } from '../src/index.js'

/**
 * What a browser's fetch answers to `redirect: 'manual'`: an opaque redirect, status 0,
 * no Location. Node's fetch never does, so the browser's answer is reproduced here.
 */
async function browserFetch(
  _input: string | URL | Request,
  _init?: RequestInit,
): Promise<Response> {
  const response = new Response(null, { status: 200 })
  Object.defineProperty(response, 'type', { value: 'opaqueredirect' })
  Object.defineProperty(response, 'status', { value: 0 })
  return response
}

it('fails clearly where the runtime hides a redirect target, instead of returning status 0', async () => {
  const api = withAuth(browserFetch, bearer('sentinel-token-browser'))
  const error = await api('https://api.example.com/moved').then(
    () => undefined,
    (thrown: unknown) => thrown,
  )
  expect(isAuthError(error)).toBe(true)
  expect((error as { code: string }).code).toBe(UNSUPPORTED)
})

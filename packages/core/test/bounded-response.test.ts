import { describe, expect, it } from 'vitest'
import { boundedResponse } from '../src/flow/bounded-response.js'

function endless(): {
  stream: ReadableStream<Uint8Array>
  state: { pulled: number; cancelled: boolean }
} {
  const state = { pulled: 0, cancelled: false }
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      state.pulled++
      controller.enqueue(new Uint8Array(1024))
    },
    cancel() {
      state.cancelled = true
    },
  })
  return { stream, state }
}

describe('boundedResponse', () => {
  it('reads a body within the limit unchanged, status and headers kept', async () => {
    const response = boundedResponse(
      new Response('{"ok":true}', { status: 201, headers: { 'x-a': '1' } }),
      64,
      'test',
    )
    expect(response.status).toBe(201)
    expect(response.headers.get('x-a')).toBe('1')
    expect(await response.json()).toEqual({ ok: true })
  })

  it('fails an endless body with RESPONSE_TOO_LARGE after the limit, and cancels it', async () => {
    const { stream, state } = endless()
    const error = await boundedResponse(new Response(stream), 10_000, 'test')
      .text()
      .catch((thrown: unknown) => thrown)
    expect(error).toMatchObject({ code: 'RESPONSE_TOO_LARGE' })
    expect(state.cancelled).toBe(true)
    expect(state.pulled).toBeLessThan(20)
  })

  it('fails at once on a Content-Length over the limit', () => {
    const { stream, state } = endless()
    const response = new Response(stream, { headers: { 'content-length': '1000000' } })
    expect(() => boundedResponse(response, 1000, 'test')).toThrow(
      expect.objectContaining({ code: 'RESPONSE_TOO_LARGE' }),
    )
    expect(state.pulled).toBeLessThanOrEqual(1)
  })

  it('leaves a body-less response alone', () => {
    const response = new Response(null, { status: 204 })
    expect(boundedResponse(response, 10, 'test')).toBe(response)
  })
})

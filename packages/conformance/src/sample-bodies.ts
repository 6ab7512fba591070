import type { UniformBody } from './adapter.js'

/** A method and a body to send, for scenarios that run once per body form. */
export interface SampleBody {
  /** The method to send it with. */
  readonly method: string
  /** The body; undefined for none. */
  readonly body: UniformBody | undefined
}

/**
 * A request body in each form users send, with a method that carries it: what signing
 * strategies' scenarios (SigV4, HTTP Message Signatures) check is signed over the exact
 * bytes that arrive.
 */
export const sampleBodies: Readonly<Record<string, SampleBody>> = {
  JSON: { method: 'POST', body: { kind: 'json', value: { name: 'ü ✓', list: [1, null] } } },
  form: {
    method: 'POST',
    body: { kind: 'urlencoded', value: new URLSearchParams({ a: '1', b: 'x y&z+~' }) },
  },
  bytes: {
    method: 'PUT',
    body: { kind: 'bytes', value: new Uint8Array([0, 1, 2, 253, 254, 255]) },
  },
  multipart: {
    method: 'POST',
    body: {
      kind: 'multipart',
      value: (() => {
        const form = new FormData()
        form.append('field', 'value ✓')
        form.append('file', new Blob(['file contents'], { type: 'text/plain' }), 'hello.txt')
        return form
      })(),
    },
  },
  'empty string': { method: 'POST', body: { kind: 'text', value: '' } },
  'absent (GET)': { method: 'GET', body: undefined },
}

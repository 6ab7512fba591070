/**
 * A one-shot web `ReadableStream` of `chunks`, for adapters whose client sends a
 * `{ kind: 'stream' }` body as one (fetch, ky, axios's fetch adapter). Each call gives a
 * fresh stream: a stream body can be read once, which is what the scenarios test.
 */
export function webStream(chunks: readonly Uint8Array[]): ReadableStream<Uint8Array> {
  const left = [...chunks]
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = left.shift()
      if (chunk) controller.enqueue(chunk)
      else controller.close()
    },
  })
}

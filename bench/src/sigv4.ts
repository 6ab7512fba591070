import { Sha256 } from '@aws-crypto/sha256-js'
import { type AwsSigV4Options, awsSigV4 } from '@latchkey/aws'
import type { AuthStrategy } from '@latchkey/core'
import { bytesBody } from '@latchkey/core/adapter'
import { createAuthRequest, type FlowContext } from '@latchkey/core/strategy'

const context: FlowContext = {
  signal: undefined,
  clock: { now: () => Date.now() },
  emit: () => {},
  transport: (request) => fetch(request),
  policy: { allowInsecureHttp: false, maxResponseBytes: 64 * 1024 },
  secret: () => {},
  containsSecret: () => false,
}
const options: AwsSigV4Options = {
  region: 'us-east-1',
  service: 'execute-api',
  credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench-secret-access-key' },
}

/** Microseconds per signed request: the flow driven by hand, no HTTP. */
async function perRequest(
  strategy: AuthStrategy,
  body: Uint8Array,
  count: number,
): Promise<number> {
  const start = performance.now()
  for (let i = 0; i < count; i++) {
    const request = createAuthRequest({
      method: 'POST',
      url: 'https://api.example.com/v1/items?a=1&b=two%20words',
      headers: { 'content-type': 'application/json' },
      body: bytesBody(body, body),
    })
    await strategy.flow(request, context).next()
  }
  return ((performance.now() - start) / count) * 1000
}

/**
 * The cost of signing a request, by body size and SHA-256 implementation: the default
 * (Web Crypto, off the main thread) against `@aws-crypto/sha256-js` (pure JavaScript),
 * and `UNSIGNED-PAYLOAD`, which hashes no body. Rounds are interleaved; medians printed.
 */
export async function sigv4({ rounds }: { rounds: number }): Promise<string> {
  const variants = {
    'Web Crypto (default)': awsSigV4(options),
    '@aws-crypto/sha256-js': awsSigV4({ ...options, sha256: Sha256 }),
    'UNSIGNED-PAYLOAD': awsSigV4({ ...options, service: 's3', payload: 'unsigned' }),
  }
  const sizes = { '100 B': { bytes: 100, count: 1000 }, '1 MiB': { bytes: 1 << 20, count: 20 } }
  const lines = ['sigv4: microseconds per signed request (median of rounds)', '']
  for (const [size, { bytes, count }] of Object.entries(sizes)) {
    const body = new Uint8Array(bytes).fill(7)
    const samples = new Map<string, number[]>()
    for (let round = 0; round < rounds; round++) {
      for (const [name, strategy] of Object.entries(variants)) {
        samples.set(name, [...(samples.get(name) ?? []), await perRequest(strategy, body, count)])
      }
    }
    const base = median(samples.get('Web Crypto (default)') ?? [])
    for (const [name, values] of samples) {
      const value = median(values)
      lines.push(
        `  ${size.padEnd(6)} ${name.padEnd(22)} ${value.toFixed(0).padStart(7)} µs  x${(value / base).toFixed(2)}`,
      )
    }
  }
  return lines.join('\n')
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN
}

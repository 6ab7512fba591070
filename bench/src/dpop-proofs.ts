import { base64url, CompactSign, SignJWT } from 'jose'
import { median, table } from './measure.js'

/**
 * What jose costs for a DPoP proof against signing the same JWS with WebCrypto by hand
 * (what `@latchkey/oidc` did before it used jose): interleaved blocks in one process,
 * CPU time per proof, median over rounds. The per-request figure above is the sum of
 * this and the HTTP work.
 */
export async function dpopProofs(options: { rounds: number; proofs: number }): Promise<string> {
  const { privateKey, publicKey } = (await crypto.subtle.generateKey(
    { name: 'ECDSA', namedCurve: 'P-256' },
    false,
    ['sign', 'verify'],
  )) as CryptoKeyPair
  const { kty, crv, x, y } = (await crypto.subtle.exportKey('jwk', publicKey)) as {
    [member in 'kty' | 'crv' | 'x' | 'y']: string
  }
  const header = { alg: 'ES256', typ: 'dpop+jwt', jwk: { kty, crv, x, y } } as const
  const encoded = base64url.encode(JSON.stringify(header))
  const encoder = new TextEncoder()
  const claims = () => ({
    iat: Math.floor(Date.now() / 1000),
    jti: crypto.randomUUID(),
    htm: 'GET',
    htu: 'https://api.example.com/resource',
    ath: 'fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo',
  })
  const variants = [
    {
      name: 'WebCrypto by hand',
      sign: async () => {
        const input = `${encoded}.${base64url.encode(JSON.stringify(claims()))}`
        const signature = await crypto.subtle.sign(
          { name: 'ECDSA', hash: 'SHA-256' },
          privateKey,
          encoder.encode(input),
        )
        return `${input}.${base64url.encode(new Uint8Array(signature))}`
      },
    },
    {
      name: 'jose SignJWT',
      sign: () => new SignJWT(claims()).setProtectedHeader(header).sign(privateKey),
    },
    {
      name: 'jose CompactSign',
      sign: () =>
        new CompactSign(encoder.encode(JSON.stringify(claims())))
          .setProtectedHeader(header)
          .sign(privateKey),
    },
  ]
  const cpu = variants.map(() => [] as number[])
  for (let round = 0; round < options.rounds; round++) {
    for (const [index, { sign }] of variants.entries()) {
      const start = process.cpuUsage()
      for (let n = 0; n < options.proofs; n++) await sign()
      const used = process.cpuUsage(start)
      cpu[index]?.push((used.user + used.system) / options.proofs)
    }
  }
  const base = median(cpu[0] ?? [])
  const rows = variants.map(({ name }, index) => {
    const micros = median(cpu[index] ?? [])
    const spread = Math.max(...(cpu[index] ?? [])) - Math.min(...(cpu[index] ?? []))
    return [
      name,
      micros.toFixed(1),
      `±${(spread / 2).toFixed(1)}`,
      `${((micros / base - 1) * 100).toFixed(1)}%`,
    ]
  })
  const title = `dpop proofs: ES256, CPU per proof, median of ${options.rounds} interleaved rounds of ${options.proofs}`
  return `${title}\n${table(['signer', 'cpu µs/proof', 'spread', 'vs by hand'], rows)}`
}

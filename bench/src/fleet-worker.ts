import { oauth2, type TokenStore } from '@latchkey/core'
import { withAuth } from '@latchkey/fetch'
import { redisStore } from '@latchkey/redis'
import { createClient } from 'redis'

/**
 * One process of the fleet benchmark: a client-credentials client through fetch, its
 * tokens in this process (`memory`) or in Redis (`redis`). Each `round` sends requests
 * at once and reports their latencies.
 */
const { origin, redisUrl } = JSON.parse(process.env.FLEET_WORKER ?? '{}') as {
  origin: string
  redisUrl?: string
}

let store: TokenStore | undefined
let close = () => {}
if (redisUrl !== undefined) {
  const client = createClient({ url: redisUrl })
  client.on('error', () => {})
  await client.connect()
  const shared = redisStore(client)
  store = shared
  close = () => {
    shared.close()
    client.destroy()
  }
}
let degraded = 0
const api = withAuth(
  fetch,
  oauth2.clientCredentials({
    tokenUrl: `${origin}/token`,
    clientId: 'bench',
    clientSecret: 'bench-secret',
    key: 'bench-fleet',
    ...(store !== undefined && { store }),
  }),
  {
    onEvent: (event) => {
      if (event.type === 'store-degraded') degraded++
    },
  },
)
await api(`${origin}/api/warm`)

process.on('message', async (message: { type: string; requests?: number }) => {
  if (message.type === 'round') {
    const latencies: number[] = []
    const failures: string[] = []
    await Promise.all(
      Array.from({ length: message.requests ?? 0 }, async (_, n) => {
        const start = performance.now()
        const outcome = await api(`${origin}/api/${n}`).then(
          (response) => String(response.status),
          (error: { code?: string; message?: string; cause?: { code?: string } }) =>
            error.code ?? `${error.message} ${error.cause?.code ?? ''}`.trim(),
        )
        latencies.push(performance.now() - start)
        if (outcome !== '200') failures.push(outcome)
      }),
    )
    process.send?.({ type: 'done', latencies, failures, degraded })
    degraded = 0
  }
  if (message.type === 'exit') {
    close()
    process.disconnect()
  }
})
process.on('disconnect', () => process.exit(0))
process.send?.({ type: 'ready' })

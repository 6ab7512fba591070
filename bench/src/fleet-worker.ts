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
const api = withAuth(
  fetch,
  oauth2.clientCredentials({
    tokenUrl: `${origin}/token`,
    clientId: 'bench',
    clientSecret: 'bench-secret',
    key: 'bench-fleet',
    ...(store !== undefined && { store }),
  }),
)
await api(`${origin}/api/warm`)

process.on('message', async (message: { type: string; requests?: number }) => {
  if (message.type === 'round') {
    const latencies: number[] = []
    let failures = 0
    await Promise.all(
      Array.from({ length: message.requests ?? 0 }, async (_, n) => {
        const start = performance.now()
        const status = await api(`${origin}/api/${n}`).then(
          (response) => response.status,
          () => 0,
        )
        latencies.push(performance.now() - start)
        if (status !== 200) failures++
      }),
    )
    process.send?.({ type: 'done', latencies, failures })
  }
  if (message.type === 'exit') {
    close()
    process.disconnect()
  }
})
process.on('disconnect', () => process.exit(0))
process.send?.({ type: 'ready' })

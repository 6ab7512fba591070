import { oauth2 } from '@latchkey/core'
import { withAuth } from '@latchkey/fetch'
import { redisStore } from '@latchkey/redis'
import { createClient } from 'redis'

/** One process of the demo's fleet: 25 requests at once, its token shared through Redis. */
const { origin, redisUrl } = JSON.parse(process.env.DEMO_FLEET ?? '{}') as {
  origin: string
  redisUrl: string
}
const client = createClient({ url: redisUrl })
client.on('error', () => {})
await client.connect()
const store = redisStore(client)
const api = withAuth(
  fetch,
  oauth2.clientCredentials({
    tokenUrl: `${origin}/oauth/token`,
    clientId: 'demo',
    clientSecret: 'demo-client-secret',
    store,
    key: 'demo-fleet',
  }),
)
const statuses = await Promise.all(
  Array.from({ length: 25 }, (_, n) =>
    api(`${origin}/oauth/api/${n}`).then(
      (response) => response.status,
      () => 0,
    ),
  ),
)
store.close()
client.destroy()
process.send?.({ ok: statuses.filter((status) => status === 200).length })
process.disconnect()

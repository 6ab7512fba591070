// One process of a fleet: the built packages, a Redis client of the kind it is told, and
// `withAuth(fetch)` on a token strategy whose store is @latchkey/redis. Driven over IPC.
import { oauth2 } from '@latchkey/core'
import { withAuth } from '@latchkey/fetch'
import { redisStore } from '@latchkey/redis'
import { Cluster, Redis } from 'ioredis'
import { createClient, createCluster } from 'redis'

const config = JSON.parse(process.env.LATCHKEY_WORKER ?? '{}')

async function connect() {
  const urls = config.redis
  if (config.client === 'ioredis') {
    const nodes = urls.map((url) => ({
      host: new URL(url).hostname,
      port: Number(new URL(url).port),
    }))
    const client = urls.length > 1 ? new Cluster(nodes) : new Redis(urls[0])
    client.on('error', () => {})
    return { client, close: () => client.disconnect() }
  }
  const client =
    urls.length > 1
      ? createCluster({ rootNodes: urls.map((url) => ({ url })) })
      : createClient({ url: urls[0], socket: { reconnectStrategy: () => 100 } })
  client.on('error', () => {})
  await client.connect()
  return { client, close: () => client.destroy() }
}

const redis = await connect()
const store = redisStore(redis.client, config.store)
// Tells the parent which process holds the lease (the kill test aims at it).
const lease = store.lease.bind(store)
store.lease = async (key, context) => {
  const held = await lease(key, context)
  if (held !== undefined) process.send({ type: 'leased' })
  return held
}

const events = []
const apis = new Map()
/** One client per grant (and store key), made on first use: a token strategy through fetch. */
function api(grant, refreshToken) {
  let authFetch = apis.get(grant)
  if (authFetch === undefined) {
    const common = {
      tokenUrl: `${config.origin}/token`,
      clientId: 'fleet',
      store,
      key: `fleet-${grant}`,
      timeout: config.timeout ?? 10_000,
    }
    const strategy =
      grant === 'refresh'
        ? oauth2.refreshToken({ ...common, refreshToken })
        : oauth2.clientCredentials({ ...common, clientSecret: 'fleet-secret' })
    authFetch = withAuth(fetch, strategy, { onEvent: (event) => events.push(event) })
    apis.set(grant, authFetch)
  }
  return authFetch
}

process.on('message', async (message) => {
  if (message.type === 'round') {
    const outcomes = await Promise.all(
      Array.from({ length: message.requests }, (_, n) =>
        api(
          message.grant,
          message.refreshToken,
        )(`${config.origin}/api/${n}`).then(
          (response) => String(response.status),
          (error) => error.code ?? `${error.name}: ${error.message} ${error.cause?.code ?? ''}`,
        ),
      ),
    )
    const ok = outcomes.filter((outcome) => outcome === '200').length
    const failures = outcomes.filter((outcome) => outcome !== '200')
    process.send({ type: 'done', ok, failures, events: events.splice(0), degraded: store.degraded })
  }
  if (message.type === 'seed') {
    await store.set(message.key, message.token)
    process.send({ type: 'seeded' })
  }
  if (message.type === 'exit') {
    store.close()
    redis.close()
    process.disconnect()
  }
})
process.send({ type: 'ready' })
// Orphaned (the test runner died): leave too.
process.on('disconnect', () => process.exit(0))

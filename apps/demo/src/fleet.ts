import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { OAuthServer } from '@latchkey/conformance/kit'
import { RedisServer } from '@latchkey/redis/testing'

const PROCESSES = 4
const REQUESTS = 25

/**
 * The fleet row: 4 processes, 25 requests each at once, one token store in a real
 * redis-server: one token request for all of them. Without redis-server, says how to get it.
 */
export async function fleetRow(
  origin: string,
  oauth: OAuthServer,
): Promise<{ line: string; checks: number; failed: number }> {
  const label = `Fleet (@latchkey/redis): ${PROCESSES} processes x ${REQUESTS} requests`
  if (!(await RedisServer.available())) {
    return {
      line: `${label}: skipped, no redis-server on the PATH (Debian: apt-get install redis-server; macOS: brew install redis)`,
      checks: 0,
      failed: 0,
    }
  }
  const redis = await RedisServer.start()
  const before = oauth.tokenRequests
  try {
    const script = fileURLToPath(new URL('fleet-worker.js', import.meta.url))
    const oks = await Promise.all(
      Array.from(
        { length: PROCESSES },
        () =>
          new Promise<number>((resolve, reject) => {
            const worker = fork(script, {
              env: { ...process.env, DEMO_FLEET: JSON.stringify({ origin, redisUrl: redis.url }) },
            })
            worker.once('message', (message: { ok: number }) => resolve(message.ok))
            worker.once('exit', () => reject(new Error('a fleet process exited early')))
          }),
      ),
    )
    const ok = oks.reduce((sum, n) => sum + n, 0)
    const tokenRequests = oauth.tokenRequests - before
    const good = ok === PROCESSES * REQUESTS && tokenRequests === 1
    return {
      line: `${label}: ${ok} ok, ${tokenRequests} token request${tokenRequests === 1 ? '' : 's'} ${good ? '✓' : '✗'}`,
      checks: 1,
      failed: good ? 0 : 1,
    }
  } finally {
    await redis.stop()
  }
}

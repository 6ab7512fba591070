import { defineConfig } from 'vitest/config'

export default defineConfig({
  resolve: { conditions: ['@latchkey/source'] },
  ssr: { resolve: { conditions: ['@latchkey/source'] } },
  // The fleet tests start redis-server and child processes: one file at a time.
  test: { testTimeout: 60_000, hookTimeout: 60_000, fileParallelism: false },
})

import { defineConfig } from 'vitest/config'

export default defineConfig({
  resolve: { conditions: ['@latchkey/source'] },
  ssr: { resolve: { conditions: ['@latchkey/source'] } },
  // Chromium and the bundle start once per file, while the tests are collected.
  test: { testTimeout: 30_000, hookTimeout: 120_000, fileParallelism: false },
})

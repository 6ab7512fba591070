import { defineConfig } from 'vitest/config'

export default defineConfig({
  resolve: { conditions: ['@latchkey/source'] },
  ssr: { resolve: { conditions: ['@latchkey/source'] } },
  // Chromium and the bundle start once per file, while the tests are collected. Every
  // request a page-side handler answers is a round trip through the DevTools protocol:
  // the 300-request token storms take several times longer than in Node.js.
  test: { testTimeout: 90_000, hookTimeout: 120_000, fileParallelism: false },
})

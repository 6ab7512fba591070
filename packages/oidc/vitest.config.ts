import { defineConfig } from 'vitest/config'

export default defineConfig({
  resolve: { conditions: ['@latchkey/source'] },
  ssr: { resolve: { conditions: ['@latchkey/source'] } },
  // Starting an OpenID provider and the kit's certificate authority is slow on a busy machine.
  test: { testTimeout: 15_000, hookTimeout: 60_000 },
})

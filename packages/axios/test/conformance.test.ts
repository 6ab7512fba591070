import { Agent } from 'node:https'
import { Readable } from 'node:stream'
import { awsScenarios } from '@latchkey/aws-testing'
import type { ClientOptions } from '@latchkey/conformance'
import { describeAdapter } from '@latchkey/conformance/vitest'
import { proxyAgents } from '@latchkey/core/node'
import { httpSignatureScenarios } from '@latchkey/http-signature-testing'
import { oidcScenarios } from '@latchkey/oidc-testing'
import type { AxiosRequestConfig } from 'axios'
import { axiosAdapter } from './adapter.js'

/** axios's http adapter as a Node.js user sets it up: the kit's CA, its proxy or Latchkey's tunnel. */
function nodeTransport(options: ClientOptions): AxiosRequestConfig {
  const tunnel =
    options.tunnel &&
    proxyAgents({ proxy: options.proxy ?? '', ...options.tunnel, https: { ca: options.ca } })
  return {
    httpsAgent: tunnel?.https ?? new Agent({ ca: options.ca, keepAlive: true }),
    ...(tunnel
      ? { httpAgent: tunnel.http, proxy: false as const }
      : options.proxy && { proxy: axiosProxy(options.proxy) }),
  }
}

function axiosProxy(url: string) {
  const { protocol, hostname, port } = new URL(url)
  return { protocol: protocol.slice(0, -1), host: hostname, port: Number(port) }
}

describeAdapter(
  axiosAdapter('axios', {
    transport: nodeTransport,
    stream: (chunks) => Readable.from(chunks.map((chunk) => Buffer.from(chunk))),
  }),
  { scenarios: [oidcScenarios, httpSignatureScenarios, awsScenarios] },
)

import type { AdapterUnderTest, Capabilities } from '@latchkey/conformance'
import { webStream } from '@latchkey/conformance'
import { withAuth as withFetch } from '@latchkey/fetch'
import * as ky1 from 'ky'
import * as ky2 from 'ky2'
// The very adapters the Node.js suites drive, so a page passes or fails the same code:
// only what the platform gives them (capabilities, transport) differs.
import { axiosAdapter } from '../../../axios/test/adapter.js'
import { fetchAdapter } from '../../../fetch/test/adapter.js'
import { type KyModule, kyAdapter } from '../../../ky/test/adapter.js'

/**
 * What a page cannot do, whichever the client: present a client certificate (the browser
 * picks one itself), read where a redirect points without following it, or set `Cookie`
 * and `Proxy-Authorization`.
 */
export const browser: Partial<Capabilities> = {
  clientCertificates: false,
  keepsClientTls: false,
  readsRedirects: false,
  setsForbiddenHeaders: false,
  proxies: false,
}
/** Chromium uploads a stream only over HTTP/2; ky reads a body into bytes before sending. */
const sendsStreams: Partial<Capabilities> = { streamUploads: false }

/** axios in a page: the browser adapter it is given, a stream body as the web's. */
const axiosIn = (adapter: 'xhr' | 'fetch') =>
  axiosAdapter(`axios ${adapter}`, {
    supports: { ...browser, ...sendsStreams },
    transport: () => ({ adapter }),
    stream: webStream,
  })

/** The same adapters as the Node.js suites', with what a page gives each client. */
export const adapters: Record<string, AdapterUnderTest> = {
  fetch: fetchAdapter('fetch', (strategy, options) => withFetch(fetch, strategy, options), {
    supports: { ...browser, ...sendsStreams },
  }),
  ky: kyAdapter('ky', 1, ky1, { supports: browser }),
  'ky 2': kyAdapter('ky 2', 2, ky2 as unknown as KyModule, { supports: browser }),
  'axios xhr': axiosIn('xhr'),
  'axios fetch': axiosIn('fetch'),
}

import type { ServerResponse } from 'node:http'
import type { Hop, Kit } from '@latchkey/conformance/kit'
import type { Page } from 'playwright-core'
import {
  KIT_BRIDGE,
  type KitCall,
  PAGE_API,
  type WireAnswer,
  type WireChunk,
  type WireHop,
  type WireKit,
} from '../shared/wire.js'

/** The kit's origins, for the page. */
export function originsOf(kit: Kit): WireKit {
  const { http, localhost, other, https, httpsLocalhost, mtls, mtlsOptional, closed, ca } = kit
  return { http, localhost, other, https, httpsLocalhost, mtls, mtlsOptional, closed, ca }
}

/** Calls `method` of the object the page bundle put on `window`, with JSON arguments. */
export function callPage(page: Page, method: string, ...args: unknown[]): Promise<unknown> {
  return page.evaluate(
    ([api, name, values]) => {
      const target = (globalThis as unknown as Record<string, Record<string, unknown>>)[api]
      const method = target?.[name]
      if (typeof method !== 'function') throw new Error(`the page has no ${api}.${name}`)
      return method.apply(target, values)
    },
    [PAGE_API, method, args] as const,
  )
}

/**
 * Lets the scenarios in `page` drive `kit`: reset it, read its hop log, and add handlers
 * that run in the page (the kit forwards their requests there and sends what they answer).
 * Must be called before the page loads.
 */
export async function bridgeKit(page: Page, kit: Kit): Promise<void> {
  await page.addInitScript((origins) => {
    Object.assign(globalThis, { __latchkeyOrigins: origins })
  }, originsOf(kit))
  // Scenarios poll the log while a request is in flight: every hop is pushed as it arrives,
  // tagged with the reset it follows, so a late push for an earlier test is dropped.
  let generation = 0
  // Batched: a storm of requests costs one call into the page per turn, not one per hop.
  let batch: [number, number, WireHop][] = []
  const unsubscribe = kit.log.onRecord((hop, index) => {
    if (batch.length === 0)
      setImmediate(() => {
        const hops = batch
        batch = []
        callPage(page, 'recordAll', hops).catch(() => {})
      })
    batch.push([generation, index, toWire(hop)])
  })
  page.once('close', unsubscribe)
  await page.exposeFunction(KIT_BRIDGE, (call: KitCall) => {
    switch (call.op) {
      case 'reset':
        kit.reset()
        generation = call.generation
        return null
      case 'log':
        return kit.log.all().slice(call.from).map(toWire)
      case 'handle':
        kit.handle(call.prefix, async (hop, url, response) => {
          const answer = (await callPage(page, 'serve', call.prefix, toWire(hop), url.href)
            // The page went away (the run is closing): nobody waits for this answer.
            .catch(() => undefined)) as WireAnswer | undefined
          if (answer === undefined || response.destroyed) {
            if (answer?.stream !== undefined)
              callPage(page, 'cancel', answer.stream).catch(() => {})
            response.destroy()
            return
          }
          response.writeHead(answer.status, answer.headers as Record<string, string>)
          await stream(page, answer, response)
        })
        return null
    }
  })
}

/**
 * Sends a page handler's body as the page writes it: each chunk pulled once the socket
 * took the last one, so a body that never ends streams with backpressure, and the page
 * hears when the client closes the connection before the end.
 */
async function stream(page: Page, answer: WireAnswer, response: ServerResponse): Promise<void> {
  const id = answer.stream
  if (id !== undefined)
    response.once('close', () => {
      if (!response.writableFinished) callPage(page, 'cancel', id).catch(() => {})
    })
  let chunk: WireChunk = answer
  for (;;) {
    const bytes = Buffer.from(chunk.body, 'base64')
    if (chunk.done || id === undefined) return void response.end(bytes)
    if (bytes.byteLength > 0 && !response.write(bytes))
      await new Promise((resolve) => {
        response.once('drain', resolve)
        response.once('close', resolve)
      })
    if (response.destroyed) return
    chunk = (await callPage(page, 'pull', id).catch(() => ({ body: '', done: true }))) as WireChunk
  }
}

function toWire(hop: Hop): WireHop {
  return { ...hop, query: hop.query.toString(), body: hop.body.toString('base64') }
}

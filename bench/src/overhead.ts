import { withAuth as axiosAuth } from '@latchkey/axios'
import { bearer } from '@latchkey/core'
import { withAuth as fetchAuth } from '@latchkey/fetch'
import { withAuth as gotAuth } from '@latchkey/got'
import { withAuth as kyAuth } from '@latchkey/ky'
import axios from 'axios'
import got from 'got'
import ky from 'ky'
import { median, type Sample, sample, startServer, table } from './measure.js'

type Send = (url: string) => Promise<unknown>

const token = 'bench-token-0123456789'
const byHand = { authorization: `Bearer ${token}` }

/**
 * Each client three ways: bare; with the token set by hand (what a user writes without
 * Latchkey, and the fair baseline: sending a header has a cost of its own in every
 * client); and with Latchkey and `bearer(token)`.
 */
function variants(): { name: string; bare: Send; byHand: Send; latchkey: Send }[] {
  const strategy = bearer(token)
  const kyBase = ky.create({ retry: 0, timeout: false })
  const kyAuthed = kyAuth(kyBase, strategy)
  const axiosBase = axios.create()
  const axiosAuthed = axiosAuth(axios.create(), strategy)
  const gotBase = got.extend({ retry: { limit: 0 } })
  const gotAuthed = gotAuth(gotBase, strategy)
  const fetchAuthed = fetchAuth(fetch, strategy)
  return [
    {
      name: 'fetch',
      bare: (url) => fetch(url).then((r) => r.text()),
      byHand: (url) => fetch(url, { headers: byHand }).then((r) => r.text()),
      latchkey: (url) => fetchAuthed(url).then((r) => r.text()),
    },
    {
      name: 'ky',
      bare: (url) => kyBase.get(url).text(),
      byHand: (url) => kyBase.get(url, { headers: byHand }).text(),
      latchkey: (url) => kyAuthed.get(url).text(),
    },
    {
      name: 'axios',
      bare: (url) => axiosBase.get(url),
      byHand: (url) => axiosBase.get(url, { headers: byHand }),
      latchkey: (url) => axiosAuthed.get(url),
    },
    {
      name: 'got',
      bare: (url) => gotBase.get(url).text(),
      byHand: (url) => gotBase.get(url, { headers: byHand }).text(),
      latchkey: (url) => gotAuthed.get(url).text(),
    },
  ]
}

/**
 * Requests per second and client CPU per request, over loopback keep-alive with the
 * server in its own process. The three variants alternate round by round, so drift on a
 * shared machine hits all of them; medians are compared.
 */
export async function overhead(options: {
  rounds: number
  requests: number
  concurrency: number
}): Promise<string> {
  const server = await startServer()
  const url = `${server.origin}/resource`
  const rows: string[][] = []
  try {
    for (const variant of variants()) {
      const sends = [variant.bare, variant.byHand, variant.latchkey]
      for (const send of sends) await sample(() => send(url), 500, options.concurrency) // warm-up
      const runs: Sample[][] = sends.map(() => [])
      for (let round = 0; round < options.rounds; round++) {
        for (const [index, send] of sends.entries()) {
          runs[index]?.push(await sample(() => send(url), options.requests, options.concurrency))
        }
      }
      const [bare, hand, latch] = runs.map((samples) => ({
        rate: median(samples.map((s) => s.perSecond)),
        cpu: median(samples.map((s) => s.cpuMicros)),
      })) as [
        { rate: number; cpu: number },
        { rate: number; cpu: number },
        { rate: number; cpu: number },
      ]
      rows.push([
        variant.name,
        bare.rate.toFixed(0),
        hand.rate.toFixed(0),
        latch.rate.toFixed(0),
        `${((latch.rate / hand.rate) * 100).toFixed(1)}%`,
        hand.cpu.toFixed(0),
        latch.cpu.toFixed(0),
        `${latch.cpu - hand.cpu >= 0 ? '+' : ''}${(latch.cpu - hand.cpu).toFixed(1)}`,
      ])
    }
  } finally {
    server.stop()
  }
  const title = `overhead: bearer token, ${options.concurrency} concurrent, loopback keep-alive, median of ${options.rounds} alternating rounds of ${options.requests} requests`
  const header = [
    'client',
    'bare req/s',
    'by hand req/s',
    'latchkey req/s',
    'latchkey/by hand',
    'by hand cpu µs/req',
    'latchkey cpu µs/req',
    'added cpu µs',
  ]
  return `${title}\n${table(header, rows)}`
}

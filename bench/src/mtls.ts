import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import https from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { withAuth as axiosAuth } from '@latchkey/axios'
import { createTestPki } from '@latchkey/conformance/kit'
import { type ClientCertificate, mtls } from '@latchkey/core'
import { withAuth as fetchAuth } from '@latchkey/fetch'
import { withAuth as gotAuth } from '@latchkey/got'
import { withAuth as kyAuth } from '@latchkey/ky'
import axios from 'axios'
import got from 'got'
import ky, { type Options } from 'ky'
import { Agent } from 'undici'
import { median, type Sample, sample, startServer, table } from './measure.js'

type Send = (url: string) => Promise<unknown>

interface Material {
  readonly cert: string
  readonly key: string
  readonly ca: string
}

/**
 * Each client three ways: the certificate configured by hand, the client's own way (the
 * baseline); `mtls()` with PEM in memory; `mtls()` with file paths, which adds a `stat`
 * per file per request (the rotation check).
 */
function variants(
  pem: Material,
  files: ClientCertificate,
): { name: string; byHand: Send; inMemory: Send; fromFiles: Send }[] {
  const { cert, key, ca } = pem
  const dispatcher = new Agent({ connect: { cert, key, ca } })
  const kyBase = ky.create({ retry: 0, timeout: false })
  const trusting = () => axios.create({ httpsAgent: new https.Agent({ ca, keepAlive: true }) })
  const gotTrusting = got.extend({ retry: { limit: 0 }, https: { certificateAuthority: ca } })
  const fetchWith = (material: ClientCertificate) => fetchAuth(fetch, mtls(material))
  const kyWith = (material: ClientCertificate) => kyAuth(kyBase, mtls(material))
  const axiosWith = (material: ClientCertificate) => axiosAuth(trusting(), mtls(material))
  const gotWith = (material: ClientCertificate) => gotAuth(gotTrusting, mtls(material))
  const [fetchPem, fetchFiles] = [fetchWith(pem), fetchWith(files)]
  const [kyPem, kyFiles] = [kyWith(pem), kyWith(files)]
  const [axiosPem, axiosFiles] = [axiosWith(pem), axiosWith(files)]
  const [gotPem, gotFiles] = [gotWith(pem), gotWith(files)]
  const axiosByHand = axios.create({
    httpsAgent: new https.Agent({ cert, key, ca, keepAlive: true }),
  })
  const gotByHand = got.extend({
    retry: { limit: 0 },
    https: { certificate: cert, key, certificateAuthority: ca },
  })
  return [
    {
      name: 'fetch',
      byHand: (url) => fetch(url, { dispatcher } as RequestInit).then((r) => r.text()),
      inMemory: (url) => fetchPem(url).then((r) => r.text()),
      fromFiles: (url) => fetchFiles(url).then((r) => r.text()),
    },
    {
      name: 'ky',
      byHand: (url) => kyBase.get(url, { dispatcher } as Options).text(),
      inMemory: (url) => kyPem.get(url).text(),
      fromFiles: (url) => kyFiles.get(url).text(),
    },
    {
      name: 'axios',
      byHand: (url) => axiosByHand.get(url),
      inMemory: (url) => axiosPem.get(url),
      fromFiles: (url) => axiosFiles.get(url),
    },
    {
      name: 'got',
      byHand: (url) => gotByHand.get(url).text(),
      inMemory: (url) => gotPem.get(url).text(),
      fromFiles: (url) => gotFiles.get(url).text(),
    },
  ]
}

/**
 * Requests per second and client CPU per request over mutual TLS with keep-alive, the
 * server in its own process. The variants alternate round by round, each round starting
 * with the next one; medians are compared.
 */
export async function mtlsOverhead(options: {
  rounds: number
  requests: number
  concurrency: number
}): Promise<string> {
  const pki = createTestPki()
  const server = pki.issueServer(['127.0.0.1'])
  const client = pki.issueClient('latchkey-bench')
  const pem = { cert: client.cert, key: client.key, ca: pki.ca }
  const directory = await mkdtemp(join(tmpdir(), 'latchkey-bench-'))
  const files = {
    cert: join(directory, 'client.crt'),
    key: join(directory, 'client.key'),
    ca: pki.ca,
  }
  await writeFile(files.cert, client.cert)
  await writeFile(files.key, client.key)
  const running = await startServer('mtls-server.js', {
    scheme: 'https',
    env: { LATCHKEY_BENCH_TLS: JSON.stringify({ ...server, ca: pki.ca }) },
  })
  const url = `${running.origin}/resource`
  const rows: string[][] = []
  try {
    for (const variant of variants(pem, files)) {
      const sends = [variant.byHand, variant.inMemory, variant.fromFiles]
      for (const send of sends) await sample(() => send(url), 300, options.concurrency) // warm-up
      const runs: Sample[][] = sends.map(() => [])
      for (let round = 0; round < options.rounds; round++) {
        // Each round starts with another variant, so no variant always runs in one slot.
        for (let step = 0; step < sends.length; step++) {
          const index = (round + step) % sends.length
          const send = sends[index] as Send
          runs[index]?.push(await sample(() => send(url), options.requests, options.concurrency))
        }
      }
      const [hand, memory, disk] = runs.map((samples) => ({
        rate: median(samples.map((s) => s.perSecond)),
        cpu: median(samples.map((s) => s.cpuMicros)),
      })) as [Figure, Figure, Figure]
      rows.push([
        variant.name,
        hand.rate.toFixed(0),
        memory.rate.toFixed(0),
        disk.rate.toFixed(0),
        percent(memory.rate, hand.rate),
        percent(disk.rate, hand.rate),
        hand.cpu.toFixed(0),
        signed(memory.cpu - hand.cpu),
        signed(disk.cpu - hand.cpu),
      ])
    }
  } finally {
    running.stop()
    await rm(directory, { recursive: true, force: true })
  }
  const title = `mtls: client certificate, ${options.concurrency} concurrent, loopback keep-alive, median of ${options.rounds} alternating rounds of ${options.requests} requests`
  const header = [
    'client',
    'by hand req/s',
    'mtls(pem) req/s',
    'mtls(files) req/s',
    'pem/by hand',
    'files/by hand',
    'by hand cpu µs/req',
    'pem added µs',
    'files added µs',
  ]
  return `${title}\n${table(header, rows)}`
}

interface Figure {
  readonly rate: number
  readonly cpu: number
}

function percent(value: number, base: number): string {
  return `${((value / base) * 100).toFixed(1)}%`
}

function signed(value: number): string {
  return `${value >= 0 ? '+' : ''}${value.toFixed(1)}`
}

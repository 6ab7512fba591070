import {
  subscribe as subscribeDiagnostics,
  unsubscribe as unsubscribeDiagnostics,
} from 'node:diagnostics_channel'
import { describe, expect, it } from 'vitest'
import {
  AuthError,
  auditTrail,
  CHANNELS,
  credentialFingerprint,
  INVALID_CONFIG,
  type RequestMessage,
  subscribe,
} from '../src/index.js'
import { toAuditRecord } from '../src/observe/audit.js'
import { requestChannel } from '../src/observe/channels.js'
import { auditPath } from '../src/observe/path.js'
import { SecretSet } from '../src/redact/secret-set.js'

const message: RequestMessage = Object.freeze({
  request: 1,
  hop: 1,
  attempt: 1,
  strategy: 'bearer',
  method: 'GET',
  origin: 'https://api.example.com',
  path: '/x',
  credential: credentialFingerprint('Bearer t0k3n-value'),
  stripped: false,
  outcome: 'answered',
  status: 200,
  durationMs: 1.23456,
})

describe('channels', () => {
  it('bad input is a typed AuthError', () => {
    const call = () => subscribe('latchkey:nope' as never, () => {})
    expect(call).toThrow(AuthError)
    expect(() => subscribe(CHANNELS.request, 'no' as never)).toThrow(
      expect.objectContaining({ code: INVALID_CONFIG }),
    )
    expect(() => auditTrail({} as never)).toThrow(expect.objectContaining({ code: INVALID_CONFIG }))
  })

  it('on Node.js the channels are diagnostics_channel’s; hasSubscribers follows subscriptions', () => {
    const seen: unknown[] = []
    const listener = (received: unknown) => seen.push(received)
    expect(requestChannel.hasSubscribers).toBe(false)
    subscribeDiagnostics(CHANNELS.request, listener)
    expect(requestChannel.hasSubscribers).toBe(true)
    requestChannel.publish(message)
    unsubscribeDiagnostics(CHANNELS.request, listener)
    expect(requestChannel.hasSubscribers).toBe(false)
    expect(seen).toEqual([message])
    const stop = subscribe(CHANNELS.request, listener)
    expect(requestChannel.hasSubscribers).toBe(true)
    stop()
    expect(requestChannel.hasSubscribers).toBe(false)
  })

  it('fingerprints: the scheme is left out, keyed, short, never the value', () => {
    expect(credentialFingerprint('Bearer abc123def')).toBe(credentialFingerprint('abc123def'))
    expect(credentialFingerprint('abc123def')).toMatch(/^[0-9a-f]{16}$/)
    expect(credentialFingerprint('abc123deg')).not.toBe(credentialFingerprint('abc123def'))
  })

  it('audit paths: secret-looking, declared and registered values are replaced', () => {
    const secrets = new SecretSet()
    secrets.add('registered-secret-value')
    const url = new URL(
      'https://a.example/p/registered-secret-value?page=2&x_api_key=k1&sig=s&mine=m1&q=registered-secret-value&client_secret=c',
    )
    expect(auditPath(url, ['mine'], secrets)).toBe(
      '/p/[REDACTED]?page=2&x_api_key=[REDACTED]&sig=[REDACTED]&mine=[REDACTED]&q=[REDACTED]&client_secret=[REDACTED]',
    )
  })

  it('audit records: schema version 1, fields in order', () => {
    const record = toAuditRecord(message, new Date(0))
    expect(Object.keys(record)).toEqual([
      'v',
      'time',
      'strategy',
      'credential',
      'origin',
      'method',
      'path',
      'outcome',
      'status',
      'request',
      'hop',
      'attempt',
      'stripped',
      'durationMs',
    ])
    expect(record).toMatchObject({ v: 1, time: '1970-01-01T00:00:00.000Z', durationMs: 1.235 })
  })
})

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  type Challenge,
  type ChallengeSyntaxCode,
  findChallenge,
  findChallenges,
  formatChallenge,
  formatChallenges,
  INVALID_CONFIG,
  isAuthError,
  parseChallengeList,
  parseChallenges,
} from '../src/index.js'

/** A challenge written compactly: scheme, then parameters or a token68. */
type Expected = [scheme: string, params: Record<string, string> | string]

function challenge([scheme, rest]: Expected): Challenge {
  return typeof rest === 'string'
    ? { scheme, token68: rest, params: new Map() }
    : { scheme, params: new Map(Object.entries(rest)) }
}

/** header -> the challenges kept, and the codes of the errors reported. */
const vectors: [
  name: string,
  header: string,
  challenges: Expected[],
  errors: ChallengeSyntaxCode[],
][] = [
  ['empty', '', [], []],
  ['a lone comma', ',', [], []],
  ['only empty list elements', ' , ,\t, ', [], []],
  ['one challenge', 'Basic realm="x"', [['basic', { realm: 'x' }]], []],
  ['a bare scheme', 'Negotiate', [['negotiate', {}]], []],
  [
    'comma right after the scheme: the parameter belongs to no challenge',
    'Scheme, realm="x"',
    [],
    ['UNEXPECTED_PARAMETER'],
  ],
  [
    'space then an empty element before the parameters',
    'Scheme , realm="x"',
    [['scheme', { realm: 'x' }]],
    [],
  ],
  [
    'token68 then another challenge',
    'Negotiate abc==, Basic realm="t"',
    [
      ['negotiate', 'abc=='],
      ['basic', { realm: 't' }],
    ],
    [],
  ],
  ['an unterminated quoted-string', 'Basic realm="basic', [], ['UNTERMINATED_QUOTED_STRING']],
  ['escaped quotes in a value', 'Basic realm="\\"foo\\""', [['basic', { realm: '"foo"' }]], []],
  ['a quoted-string where a scheme belongs', '"\\"foo\\""', [], ['EXPECTED_SCHEME']],
  [
    'a comma inside a quoted value',
    'Digest realm="r", qop="crazy, auth", nonce="n"',
    [['digest', { realm: 'r', qop: 'crazy, auth', nonce: 'n' }]],
    [],
  ],
  [
    'two schemes in one header',
    'Basic realm="a", Digest realm="b", nonce="n"',
    [
      ['basic', { realm: 'a' }],
      ['digest', { realm: 'b', nonce: 'n' }],
    ],
    [],
  ],
  [
    'Bearer error= is a token68 (an empty value is no parameter)',
    'Bearer error=',
    [['bearer', 'error=']],
    [],
  ],
  [
    'Bearer error codes',
    'Bearer realm="api", error="invalid_token", error_description="expired"',
    [['bearer', { realm: 'api', error: 'invalid_token', error_description: 'expired' }]],
    [],
  ],
  [
    'upper-case scheme and keys, value case kept',
    'BASIC REALM="Upper"',
    [['basic', { realm: 'Upper' }]],
    [],
  ],
  [
    'whitespace around "="',
    'Basic realm = "x" ,charset\t=\tUTF-8',
    [['basic', { realm: 'x', charset: 'UTF-8' }]],
    [],
  ],
  ['a token value', 'Basic realm=simple', [['basic', { realm: 'simple' }]], []],
  ['an escaped backslash', 'Basic realm="a\\\\b"', [['basic', { realm: 'a\\b' }]], []],
  ['an empty quoted value', 'Basic realm=""', [['basic', { realm: '' }]], []],
  ['obs-text in a value', 'Basic realm="caf\u00e9"', [['basic', { realm: 'caf\u00e9' }]], []],
  [
    'RFC 9110 section 11.6.1 example',
    'Newauth realm="apps", type=1, title="Login to \\"apps\\"", Basic realm="simple"',
    [
      ['newauth', { realm: 'apps', type: '1', title: 'Login to "apps"' }],
      ['basic', { realm: 'simple' }],
    ],
    [],
  ],
  [
    'a repeated parameter drops the challenge',
    'Basic realm="a", realm="b", Bearer',
    [['bearer', {}]],
    ['DUPLICATE_PARAMETER'],
  ],
  [
    'a repeated parameter in another case',
    'Basic realm="a", REALM="a"',
    [],
    ['DUPLICATE_PARAMETER'],
  ],
  [
    'the same scheme twice',
    'Basic realm="a" , Basic realm="b"',
    [
      ['basic', { realm: 'a' }],
      ['basic', { realm: 'b' }],
    ],
    [],
  ],
  [
    'empty elements between challenges',
    'Basic realm="a",,, ,Digest nonce="n"',
    [
      ['basic', { realm: 'a' }],
      ['digest', { nonce: 'n' }],
    ],
    [],
  ],
  ['a parameter with no challenge', 'realm="x", Basic', [['basic', {}]], ['UNEXPECTED_PARAMETER']],
  ['a parameter after a token68', 'Negotiate abc==, realm="x"', [], ['UNEXPECTED_PARAMETER']],
  [
    'a control character in a quoted value',
    'Basic realm="a\u0001b", Bearer',
    [['bearer', {}]],
    ['UNEXPECTED_CHARACTER'],
  ],
  [
    'a character beyond Latin-1',
    'Basic realm="\u20ac", Bearer',
    [['bearer', {}]],
    ['UNEXPECTED_CHARACTER'],
  ],
  [
    'junk after a value',
    'Basic realm="x" junk, Bearer',
    [['bearer', {}]],
    ['UNEXPECTED_CHARACTER'],
  ],
  ['a quote glued to the scheme', 'Basic"x", Bearer', [['bearer', {}]], ['UNEXPECTED_CHARACTER']],
  ['"=" where a scheme belongs', '=x, Basic', [['basic', {}]], ['EXPECTED_SCHEME']],
  [
    'name= first after the scheme is a token68, like Bearer error=',
    'Basic realm=, Bearer',
    [
      ['basic', 'realm='],
      ['bearer', {}],
    ],
    [],
  ],
  ['a missing value after a comma', 'Basic a=b, c=, Bearer', [['bearer', {}]], ['EXPECTED_VALUE']],
  ['a value that is not a token', 'Basic a=b, c=@', [], ['EXPECTED_VALUE']],
  [
    'a recovery that skips a quoted comma',
    'Basic x y="a, b", Bearer',
    [['bearer', {}]],
    ['UNEXPECTED_CHARACTER'],
  ],
  ['a line break is not whitespace', 'Basic\r\n realm="x"', [], ['UNEXPECTED_CHARACTER']],
  ['a backslash at the very end', 'Basic realm="x\\', [], ['UNTERMINATED_QUOTED_STRING']],
]

function simplify(challenges: readonly Challenge[]) {
  return challenges.map((c) => ({ ...c, params: Object.fromEntries(c.params) }))
}

describe('parseChallengeList: the vector table', () => {
  for (const [name, header, challenges, errors] of vectors) {
    it(`${name}: ${JSON.stringify(header)}`, () => {
      const parsed = parseChallengeList(header)
      expect(simplify(parsed.challenges)).toEqual(simplify(challenges.map(challenge)))
      expect(parsed.errors.map((error) => error.code)).toEqual(errors)
      for (const error of parsed.errors) {
        expect(error.offset).toBeGreaterThanOrEqual(0)
        expect(error.offset).toBeLessThanOrEqual(header.length)
        expect(error.message.length).toBeGreaterThan(0)
      }
    })
  }

  it('reads a header repeated, as Headers.get() joins it', () => {
    const headers = new Headers()
    headers.append('WWW-Authenticate', 'Basic realm="a"')
    headers.append('WWW-Authenticate', 'Digest realm="b", qop="auth, auth-int", nonce="n"')
    headers.append('WWW-Authenticate', 'Negotiate')
    expect(headers.get('www-authenticate')).toContain(', Digest')
    expect(simplify(parseChallenges(headers.get('www-authenticate')))).toEqual(
      simplify(
        [
          ['basic', { realm: 'a' }],
          ['digest', { realm: 'b', qop: 'auth, auth-int', nonce: 'n' }],
          ['negotiate', {}],
        ].map((entry) => challenge(entry as Expected)),
      ),
    )
  })

  it('reports the offset of the problem', () => {
    const [error] = parseChallengeList('Basic realm="x", Digest nonce="unterminated').errors
    expect(error).toMatchObject({ code: 'UNTERMINATED_QUOTED_STRING', offset: 30 })
  })

  it('takes null and undefined as no header, and reports a non-string', () => {
    expect(parseChallengeList(null)).toEqual({ challenges: [], errors: [] })
    expect(parseChallengeList(undefined)).toEqual({ challenges: [], errors: [] })
    expect(parseChallengeList(42 as unknown as string).errors[0]?.code).toBe('NOT_A_STRING')
  })

  it('survives megabyte pathological inputs', () => {
    for (const unit of [
      '"',
      '\\',
      ',',
      ' ',
      'a',
      'a=',
      'a="',
      'Basic a=b, ',
      '=',
      'Negotiate a',
      'x,"',
    ]) {
      const header = unit.repeat(Math.ceil(1_000_000 / unit.length))
      expect(() => parseChallengeList(header)).not.toThrow()
    }
  }, 60_000)
})

describe('findChallenge', () => {
  it('finds a scheme case-insensitively, in either header', () => {
    const headers = new Headers({
      'www-authenticate': 'Basic realm="a", Bearer error="insufficient_scope", scope="read write"',
      'proxy-authenticate': 'Digest realm="proxy", nonce="n"',
    })
    expect(findChallenge(headers, 'BEARER')?.params.get('scope')).toBe('read write')
    expect(findChallenge(headers, 'digest')).toBeUndefined()
    expect(findChallenge(headers, 'Digest', 'proxy-authenticate')?.params.get('realm')).toBe(
      'proxy',
    )
    expect(findChallenges(headers, 'basic')).toHaveLength(1)
    expect(findChallenge(new Headers(), 'basic')).toBeUndefined()
  })
})

describe('formatChallenge', () => {
  it('prints tokens bare and everything else quoted and escaped', () => {
    expect(
      formatChallenge({
        scheme: 'Digest',
        params: { realm: 'api "v2"', algorithm: 'SHA-256', qop: 'auth, auth-int', empty: '' },
      }),
    ).toBe('Digest realm="api \\"v2\\"", algorithm=SHA-256, qop="auth, auth-int", empty=""')
    expect(formatChallenge({ scheme: 'Negotiate', token68: 'abc==' })).toBe('Negotiate abc==')
    expect(formatChallenge({ scheme: 'Basic' })).toBe('Basic')
    expect(
      formatChallenges([
        { scheme: 'Basic', params: new Map([['realm', 'a\\b']]) },
        { scheme: 'Negotiate' },
      ]),
    ).toBe('Basic realm="a\\\\b", Negotiate')
  })

  it('refuses what no header can carry', () => {
    const bad = [
      { scheme: 'two words' },
      { scheme: '' },
      { scheme: 'Basic', params: { 'bad name': 'x' } },
      { scheme: 'Basic', params: { realm: 'line\nbreak' } },
      { scheme: 'Basic', params: { realm: '\u20ac' } },
      {
        scheme: 'Basic',
        params: new Map([
          ['realm', 'a'],
          ['REALM', 'b'],
        ]),
      },
      { scheme: 'Basic', token68: 'abc', params: { realm: 'x' } },
      { scheme: 'Basic', token68: 'a=b' },
      { scheme: 'Basic', params: { realm: 7 as unknown as string } },
    ]
    for (const challenge of bad) {
      let thrown: unknown
      try {
        formatChallenge(challenge)
      } catch (error) {
        thrown = error
      }
      expect(isAuthError(thrown) && thrown.code === INVALID_CONFIG, JSON.stringify(challenge)).toBe(
        true,
      )
    }
  })
})

const token = fc.stringMatching(/^[!#$%&'*+\-.^_`|~0-9a-z]+$/)
const token68 = fc.stringMatching(/^[A-Za-z0-9\-._~+/]+=*$/)
/** Any value a quoted-string can carry: tab, space, visible ASCII, obs-text. */
const value = fc.string({
  unit: fc
    .integer({ min: 0x1f, max: 0xff })
    .filter((code) => code !== 0x7f)
    .map((code) => String.fromCharCode(code === 0x1f ? 0x09 : code)),
})
const arbitraryChallenge: fc.Arbitrary<Challenge> = fc.oneof(
  fc
    .record({
      scheme: token,
      params: fc.uniqueArray(fc.tuple(token, value), { selector: ([name]) => name, maxLength: 6 }),
    })
    .map(({ scheme, params }) => ({ scheme, params: new Map(params) })),
  fc
    .record({ scheme: token, token68 })
    .map(({ scheme, token68 }) => ({ scheme, token68, params: new Map() })),
)
/** Strings made mostly of the characters the grammar cares about, so the parser's paths get exercised. */
const headerish = fc.string({
  unit: fc.oneof(
    fc.constantFrom(
      ' ',
      '\t',
      ',',
      '=',
      '"',
      '\\',
      'a',
      'B',
      '1',
      '/',
      '+',
      '~',
      '\u00e9',
      '\u0001',
      '\u20ac',
    ),
    fc.constantFrom(
      'Basic ',
      'Digest ',
      'realm=',
      'nonce="',
      'qop="auth, auth-int"',
      'abc==',
      ', ',
    ),
  ),
  maxLength: 60,
})

describe('parser properties', () => {
  it('never throws on arbitrary strings, and offsets stay in range', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), headerish), (header) => {
        const { challenges, errors } = parseChallengeList(header)
        expect(Array.isArray(challenges)).toBe(true)
        for (const error of errors) {
          expect(error.offset).toBeGreaterThanOrEqual(0)
          expect(error.offset).toBeLessThanOrEqual(header.length)
        }
      }),
      { numRuns: 1000 },
    )
  }, 60_000)

  it('printing then parsing gives back the same challenges', () => {
    fc.assert(
      fc.property(fc.array(arbitraryChallenge, { maxLength: 4 }), (challenges) => {
        const parsed = parseChallengeList(formatChallenges(challenges))
        expect(parsed.errors).toEqual([])
        expect(parsed.challenges).toEqual(challenges)
      }),
      { numRuns: 500 },
    )
  }, 60_000)

  it('what was parsed from anything prints and parses back unchanged', () => {
    fc.assert(
      fc.property(headerish, (header) => {
        const challenges = parseChallenges(header)
        expect(parseChallenges(formatChallenges(challenges))).toEqual(challenges)
      }),
      { numRuns: 1000 },
    )
  }, 60_000)
})

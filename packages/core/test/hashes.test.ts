import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { hex } from '../src/digest/algorithms.js'
import { md5 } from '../src/digest/md5.js'
import { sha512_256 } from '../src/digest/sha512-256.js'
import { sha256 } from '../src/util/sha256.js'

const encoder = new TextEncoder()
const node = (algorithm: string, data: Uint8Array) =>
  createHash(algorithm).update(data).digest('hex')

/** Lengths around every padding boundary of both block sizes (64 and 128 bytes). */
const boundaries = [
  0, 1, 55, 56, 57, 63, 64, 65, 111, 112, 113, 119, 120, 127, 128, 129, 255, 256, 1000,
]

describe('md5', () => {
  it('matches RFC 1321 section A.5 test suite', () => {
    const suite: [string, string][] = [
      ['', 'd41d8cd98f00b204e9800998ecf8427e'],
      ['a', '0cc175b9c0f1b6a831c399e269772661'],
      ['abc', '900150983cd24fb0d6963f7d28e17f72'],
      ['message digest', 'f96b697d7cb7938d525a2f31aaf161d0'],
      ['abcdefghijklmnopqrstuvwxyz', 'c3fcd3d76192e4007dfb496cca67e13b'],
      [
        '12345678901234567890123456789012345678901234567890123456789012345678901234567890',
        '57edf4a22be3c955ac49da2e2107b67a',
      ],
    ]
    for (const [input, expected] of suite) expect(hex(md5(encoder.encode(input)))).toBe(expected)
  })

  it('matches node:crypto at every padding boundary and on a megabyte', () => {
    for (const length of [...boundaries, 1_000_003]) {
      const data = new Uint8Array(length).map((_, i) => (i * 31 + 7) & 0xff)
      expect(hex(md5(data)), `length ${length}`).toBe(node('md5', data))
    }
  }, 60_000)

  it('matches node:crypto on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (data) => {
        expect(hex(md5(data))).toBe(node('md5', data))
      }),
      { numRuns: 300 },
    )
  }, 60_000)
})

describe('sha512_256', () => {
  it('matches the FIPS 180-4 examples', () => {
    expect(hex(sha512_256(encoder.encode('abc')))).toBe(
      '53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23',
    )
    expect(
      hex(
        sha512_256(
          encoder.encode(
            'abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu',
          ),
        ),
      ),
    ).toBe('3928e184fb8690f840da3988121d31be65cb9d3ef83ee6146feac861e19b563a')
    expect(hex(sha512_256(new Uint8Array()))).toBe(
      'c672b8d1ef56ed28ab87c3622c5114069bdd3ad7b8f9737498d0c01ecef0967a',
    )
  })

  it('matches node:crypto at every padding boundary and on a megabyte', () => {
    for (const length of [...boundaries, 1_000_003]) {
      const data = new Uint8Array(length).map((_, i) => (i * 131 + 3) & 0xff)
      expect(hex(sha512_256(data)), `length ${length}`).toBe(node('sha512-256', data))
    }
  }, 60_000)

  it('matches node:crypto on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (data) => {
        expect(hex(sha512_256(data))).toBe(node('sha512-256', data))
      }),
      { numRuns: 300 },
    )
  }, 60_000)
})

describe('sha256', () => {
  it('matches the FIPS 180-4 examples', () => {
    expect(hex(sha256(encoder.encode('abc')))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    )
    expect(
      hex(sha256(encoder.encode('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'))),
    ).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1')
    expect(hex(sha256(new Uint8Array()))).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    )
  })

  it('matches node:crypto at every padding boundary and on a megabyte', () => {
    for (const length of [...boundaries, 1_000_003]) {
      const data = new Uint8Array(length).map((_, i) => (i * 17 + 5) & 0xff)
      expect(hex(sha256(data)), `length ${length}`).toBe(node('sha256', data))
    }
  }, 60_000)

  it('matches node:crypto on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (data) => {
        expect(hex(sha256(data))).toBe(node('sha256', data))
      }),
      { numRuns: 300 },
    )
  }, 60_000)
})

import { describe, expect, it } from 'vitest'
import { BoundedMap } from '../src/strategy.js'

describe('BoundedMap', () => {
  it('forgets the least recently set entry beyond its limit, and says which', () => {
    const evicted: string[] = []
    const map = new BoundedMap<string, number>(2, (key) => evicted.push(key))
    map.set('a', 1).set('b', 2).set('a', 3).set('c', 4)
    expect([...map.keys()]).toEqual(['a', 'c'])
    expect(evicted).toEqual(['b'])
    expect(map.get('a')).toBe(3)
  })

  it('touch() keeps an entry in use, get() does not', () => {
    const map = new BoundedMap<string, number>(2)
    map.set('a', 1).set('b', 2)
    expect(map.get('a')).toBe(1)
    map.set('c', 3)
    expect(map.has('a')).toBe(false)
    map.set('d', 4)
    expect(map.touch('c')).toBe(3)
    map.set('e', 5)
    expect([...map.keys()]).toEqual(['c', 'e'])
    expect(map.touch('missing')).toBeUndefined()
  })

  it('refuses a limit that would hold nothing', () => {
    expect(() => new BoundedMap(0)).toThrow(RangeError)
  })
})

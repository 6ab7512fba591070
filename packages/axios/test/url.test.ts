import axios, { type InternalAxiosRequestConfig } from 'axios'
import { describe, expect, it } from 'vitest'
import { requestUri } from '../src/url.js'

const cases: Partial<InternalAxiosRequestConfig>[] = [
  { url: 'https://api.example.com/a?b=1' },
  { baseURL: 'https://api.example.com', url: '/v1/things' },
  { baseURL: 'https://api.example.com/', url: 'v1/things' },
  { baseURL: 'https://api.example.com//', url: '//v1/things' },
  { baseURL: 'https://api.example.com/v1', url: '' },
  { baseURL: 'https://api.example.com/v1', url: 'https://other.example.com/x' },
  { baseURL: 'https://api.example.com/v1', url: '//cdn.example.com/x', allowAbsoluteUrls: true },
  {
    baseURL: 'https://api.example.com/v1',
    url: 'https://other.example.com/x',
    allowAbsoluteUrls: false,
  },
  { baseURL: 'https://api.example.com', url: '/search', params: { q: 'a b&c', page: 2 } },
  {
    baseURL: 'https://api.example.com',
    url: '/search?x=1',
    params: new URLSearchParams({ y: '2' }),
  },
]

describe('requestUri', () => {
  for (const config of cases) {
    it(`matches axios.getUri for ${JSON.stringify(config)}`, () => {
      const full = config as InternalAxiosRequestConfig
      expect(requestUri(full)).toBe(axios.getUri(full))
    })
  }
})

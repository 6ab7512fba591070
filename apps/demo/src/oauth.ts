import { OAuthServer } from '@latchkey/conformance/kit'

/** The demo's authorization server: a token endpoint, a login endpoint and a protected API. */
export const oauthServer = new OAuthServer({
  clientId: 'demo',
  clientSecret: 'demo-client-secret',
  username: 'demo',
  password: 'pässword',
  tokenPrefix: 'demo-access',
  expiresIn: 300,
})

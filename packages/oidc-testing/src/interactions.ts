import type { IncomingMessage, ServerResponse } from 'node:http'
import type Provider from 'oidc-provider'

/** The part of oidc-provider's Provider used here (its types stay out of the declarations). */
export interface InteractionProvider {
  interactionDetails(request: IncomingMessage, response: ServerResponse): Promise<unknown>
}

/** Where the provider sends a browser to log in and consent: `/interaction/<uid>`. */
export const INTERACTION_PATH = '/interaction/'

/**
 * The login and consent pages of the test provider, as small HTML forms a scripted
 * user agent can read and post (see {@link authorize}). Logging in needs no password:
 * the form names the account. Consent grants every scope and resource asked for, or
 * declines with `decision=deny` (the client then receives `access_denied`).
 */
export function interactions(provider: InteractionProvider) {
  const oidc = provider as unknown as Provider
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const details = await oidc.interactionDetails(request, response)
    const { uid, prompt, params, session } = details
    if (request.method === 'GET') {
      const step = prompt.name === 'login' ? 'login' : 'consent'
      // The user authenticates as strongly as the client asked (acr_values), e.g. with MFA.
      const acr = String(params.acr_values ?? '').split(' ')[0] || 'urn:latchkey:password'
      const fields =
        step === 'login'
          ? `<input name="login" value="latchkey-user"><input type="hidden" name="acr" value="${acr.replace(/[^\w:.-]/g, '')}">`
          : '<input type="hidden" name="decision" value="allow">'
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      return void response.end(
        `<!doctype html><title>${step}</title><form method="post" action="${INTERACTION_PATH}${uid}/${step}">${fields}<button>Continue</button></form>`,
      )
    }
    const form = new URLSearchParams(await readBody(request))
    if (request.url?.endsWith('/login')) {
      const accountId = form.get('login') || 'latchkey-user'
      const acr = form.get('acr') || 'urn:latchkey:password'
      return oidc.interactionFinished(
        request,
        response,
        { login: { accountId, acr } },
        { mergeWithLastSubmission: false },
      )
    }
    if (form.get('decision') !== 'allow') {
      return oidc.interactionFinished(
        request,
        response,
        { error: 'access_denied', error_description: 'the user declined' },
        { mergeWithLastSubmission: false },
      )
    }
    const grant =
      (details.grantId ? await oidc.Grant.find(details.grantId) : undefined) ??
      new oidc.Grant({
        accountId: session?.accountId ?? 'latchkey-user',
        clientId: String(params.client_id),
      })
    const missing = prompt.details as {
      missingOIDCScope?: string[]
      missingOIDCClaims?: string[]
      missingResourceScopes?: Record<string, string[]>
    }
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '))
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims)
    for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {}))
      grant.addResourceScope(indicator, scopes.join(' '))
    const grantId = await grant.save()
    return oidc.interactionFinished(
      request,
      response,
      { consent: { grantId } },
      { mergeWithLastSubmission: true },
    )
  }
}

/** How the scripted user agent answers the consent page. */
export interface AuthorizeOptions {
  /** Decline instead of consenting: the client receives `error=access_denied`. */
  readonly decline?: boolean
  /** How the user authenticates (`acr`), whatever the client asked. Default: as asked. */
  readonly acr?: string
}

/**
 * A browser-less user agent: follows `authorizationUrl` at the provider with its own
 * cookie jar, posts the login and consent forms, and returns the URL the provider
 * finally redirects to (the client's callback, with `code`, `state` and `iss`) without
 * visiting it, so a test can deliver it, tamper with it or replay it.
 */
export async function authorize(
  authorizationUrl: string | URL,
  options: AuthorizeOptions = {},
): Promise<URL> {
  const start = new URL(authorizationUrl)
  const jar = new Map<string, string>()
  let next = start
  let post: URLSearchParams | undefined
  for (let step = 0; step < 20; step++) {
    if (next.origin !== start.origin) return next
    const response = await fetch(next, {
      method: post ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        cookie: [...jar].map(([name, value]) => `${name}=${value}`).join('; '),
        ...(post && { 'content-type': 'application/x-www-form-urlencoded' }),
      },
      ...(post && { body: post }),
    })
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';')
      const at = pair.indexOf('=')
      const [name, value] = [pair.slice(0, at).trim(), pair.slice(at + 1).trim()]
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(cookie)) jar.delete(name)
      else jar.set(name, value)
    }
    const location = response.headers.get('location')
    if (response.status >= 300 && response.status < 400 && location) {
      next = new URL(location, next)
      post = undefined
      continue
    }
    const page = await response.text()
    const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1]
    if (response.status !== 200 || action === undefined)
      throw new Error(`the provider answered ${response.status} at ${next.pathname}: ${page}`)
    post = new URLSearchParams()
    for (const [, name = '', value = ''] of page.matchAll(
      /<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g,
    ))
      post.set(
        name,
        name === 'decision' && options.decline
          ? 'deny'
          : name === 'acr' && options.acr !== undefined
            ? options.acr
            : value,
      )
    next = new URL(action, next)
  }
  throw new Error('the provider redirected too many times')
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = ''
    request.setEncoding('utf8')
    request.on('data', (chunk: string) => {
      body += chunk
    })
    request.on('end', () => resolve(body))
    request.on('error', reject)
  })
}

/**
 * undici reports a server that ends the connection right after the TLS handshake as
 * `fetch failed`, cause `other side closed`: the TLS alert saying why (no client
 * certificate, an untrusted one) is lost. axios and got say so; this says it too, on the
 * same error (its type and `cause` unchanged), for an https hop that got no byte back.
 */
export function explainClosedHandshake(error: unknown, url: URL | undefined): unknown {
  if (!(error instanceof TypeError) || url?.protocol !== 'https:') return error
  const cause = error.cause as
    | { code?: unknown; message?: unknown; socket?: { bytesRead?: unknown } }
    | undefined
  if (cause?.code !== 'UND_ERR_SOCKET' || cause.socket?.bytesRead !== 0) return error
  error.message = `${error.message}: ${url.host} closed the connection after the TLS handshake without answering (${String(cause.message)}); a server that requires a client certificate does this when none was sent or it does not trust the one sent`
  return error
}

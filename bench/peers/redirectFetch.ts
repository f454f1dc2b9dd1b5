/**
 * Loaded with `node --import` before openai-gemini's own Node entry (its node.mjs, unchanged). Its
 * worker calls Google at a fixed base URL through the global `fetch`; this points those calls at the
 * emulator (PEER_UPSTREAM), so the code measured is the peer's own.
 *
 * One more thing differs from Google: the emulator (Node's http) gives a whole answer a
 * Content-Length, and Google's answers (compressed, chunked) carry none. openai-gemini copies the
 * upstream's headers onto its own, shorter answer, so with the emulator's Content-Length a client
 * waits for bytes that never come. The answer reaches it without that header, as Google's would.
 */
const GOOGLE = 'https://generativelanguage.googleapis.com';
const upstream = process.env.PEER_UPSTREAM;
if (!upstream) throw new Error('set PEER_UPSTREAM to the emulator URL');

const fetchOfNode = globalThis.fetch;
globalThis.fetch = async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
  if (typeof input !== 'string' || !input.startsWith(GOOGLE)) return fetchOfNode(input, init);
  const response = await fetchOfNode(upstream + input.slice(GOOGLE.length), init);
  if (!response.headers.has('content-length')) return response;
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
};

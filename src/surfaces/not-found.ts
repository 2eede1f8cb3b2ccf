// The body of a 404 for a path no surface serves. Surfaces with their own not-found shape answer
// inside their own routes; this catch-all only guarantees that the answer is JSON.
export function notFoundBody(method: string, url: string): unknown {
  const path = url.split('?')[0];
  return { error: { code: 'NotFound', message: `Vigil serves nothing at ${method} ${path}.` } };
}

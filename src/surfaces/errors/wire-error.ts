// A WireError is a failure that already knows how it looks on the wire: HTTP status, JSON body and
// any extra headers. Handlers throw one made by the factory of their surface's table (entra.ts,
// arm.ts, graph.ts, ...) and the surface's error hook sends it verbatim, so every error a client sees
// comes from one table of stable codes and never from an inline literal.

export class WireError extends Error {
  readonly status: number;
  /** The stable code of the table entry, also what tests assert on. */
  readonly code: string;
  readonly body: unknown;
  readonly headers: Readonly<Record<string, string>>;

  constructor(status: number, code: string, message: string, body: unknown, headers: Record<string, string> = {}) {
    super(message);
    this.name = 'WireError';
    this.status = status;
    this.code = code;
    this.body = body;
    this.headers = headers;
  }
}

export function isWireError(e: unknown): e is WireError {
  return e instanceof WireError;
}

/** Fills `{name}` placeholders of a message template; unknown names are left visible on purpose. */
export function fill(template: string, args: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in args ? String(args[k]) : m));
}

/** The minimal reply surface a handler needs, so this module does not depend on Fastify types. */
export interface ReplyLike {
  code(status: number): ReplyLike;
  header(name: string, value: string): ReplyLike;
  type(contentType: string): ReplyLike;
  send(payload?: unknown): unknown;
}

export function sendWireError(reply: ReplyLike, err: WireError): unknown {
  reply.code(err.status);
  for (const [k, v] of Object.entries(err.headers)) reply.header(k, v);
  return reply.type('application/json; charset=utf-8').send(JSON.stringify(err.body));
}

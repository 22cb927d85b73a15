// Who is signed in. A session lives in this process's memory, named by a random id in a secure,
// HttpOnly, SameSite cookie; it holds the person's own token, which every call to the services
// carries, so the services decide what each person may do. The console adds no authority of its own.
import { randomBytes, timingSafeEqual } from "node:crypto";
import { CentreClients, fixedToken } from "@mediation/cli";
import type { Role } from "@mediation/grpc-kit";
import type { FastifyReply, FastifyRequest } from "fastify";

export const SESSION_COOKIE = "mc_session";
export const CSRF_COOKIE = "mc_csrf";
export const CSRF_HEADER = "x-csrf-token";

/** The roles a person can sign in to the console as. */
export const CONSOLE_ROLES = ["centre", "mediator", "supervisor", "analyst"] as const satisfies readonly Role[];
export type ConsoleRole = (typeof CONSOLE_ROLES)[number];

export interface Person {
  subject: string;
  name: string;
  role: ConsoleRole;
  centreCode: string;
  mediatorId: string;
}

export interface Session {
  id: string;
  csrf: string;
  person: Person;
  expiresAt: number;
  /** The person's own token for the services. */
  token: string;
  /** The services, called with this person's token. */
  clients: CentreClients;
}

export type Addresses = ConstructorParameters<typeof CentreClients>[0];

const cookieOptions = (maxAgeSeconds: number) =>
  ({ path: "/", httpOnly: true, secure: true, sameSite: "lax", maxAge: maxAgeSeconds }) as const;

const newId = () => randomBytes(32).toString("base64url");

export function sameSecret(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b || a.length !== b.length) return false;
  return timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

export class Sessions {
  private readonly byId = new Map<string, Session>();

  constructor(
    private readonly addresses: Addresses,
    private readonly lifetimeMs: number,
  ) {}

  /** Starts a session for a person holding `token`, and sets its cookie. */
  open(reply: FastifyReply, person: Person, token: string, csrf: string): Session {
    const session: Session = {
      id: newId(),
      csrf,
      person,
      expiresAt: Date.now() + this.lifetimeMs,
      token,
      clients: new CentreClients(this.addresses, fixedToken(token)),
    };
    this.byId.set(session.id, session);
    reply.setCookie(SESSION_COOKIE, session.id, cookieOptions(this.lifetimeMs / 1000));
    return session;
  }

  /** The request's session, if its cookie names a live one. */
  of(request: FastifyRequest): Session | undefined {
    const id = request.cookies[SESSION_COOKIE];
    const session = id ? this.byId.get(id) : undefined;
    if (session && session.expiresAt <= Date.now()) {
      this.drop(session.id);
      return undefined;
    }
    return session;
  }

  close(request: FastifyRequest, reply: FastifyReply): void {
    const session = this.of(request);
    if (session) this.drop(session.id);
    reply.clearCookie(SESSION_COOKIE, { path: "/" });
  }

  private drop(id: string): void {
    this.byId.get(id)?.clients.close();
    this.byId.delete(id);
  }

  closeAll(): void {
    for (const id of [...this.byId.keys()]) this.drop(id);
  }
}

/** The browser's CSRF token (double-submit): made once per browser, kept in an HttpOnly cookie, told to the app. */
export function csrfToken(request: FastifyRequest, reply: FastifyReply): string {
  const existing = request.cookies[CSRF_COOKIE];
  if (existing && existing.length === 43) return existing;
  const token = newId();
  reply.setCookie(CSRF_COOKIE, token, cookieOptions(24 * 3600));
  return token;
}

/**
 * Every change (any method but GET and HEAD) must carry the CSRF token in its header, equal to the
 * browser's cookie and, once signed in, to the session's. A form on another site cannot read it.
 */
export function csrfRefusal(request: FastifyRequest, session: Session | undefined): string | undefined {
  if (request.method === "GET" || request.method === "HEAD") return undefined;
  const header = request.headers[CSRF_HEADER];
  const sent = typeof header === "string" ? header : undefined;
  if (!sameSecret(sent, request.cookies[CSRF_COOKIE])) return "missing or wrong CSRF token";
  if (session && !sameSecret(sent, session.csrf)) return "CSRF token does not belong to this session";
  return undefined;
}

// Who is signed in. A session lives in this process's memory, named by a random id in a secure,
// HttpOnly, SameSite cookie; it holds the person's own token, which every call to the services
// carries, so the services decide what each person may do. The console adds no authority of its own.
// A token from the identity provider is renewed shortly before it expires; when it cannot be, the
// session ends and the person is asked to sign in again.
import { randomBytes, timingSafeEqual } from "node:crypto";
import { CentreClients } from "@mediation/cli";
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

/** The person's own token for the services, and how to renew it. */
export interface Grant {
  token: string;
  /** Who the token names. */
  person: Person;
  /** When the token expires, in milliseconds. */
  expiresAt: number;
  /** A new grant before this one expires; absent when the token cannot be renewed. */
  renew?: () => Promise<Grant>;
}

export interface Session {
  id: string;
  csrf: string;
  person: Person;
  /** The session's longest life (SESSION_HOURS), whatever its token. */
  expiresAt: number;
  grant: Grant;
  renewing?: Promise<Grant>;
  /** The services, called with this person's token. */
  clients: CentreClients;
}

/** What a person whose session has ended reads: sign in again. */
export const SIGN_IN_AGAIN = "登录已过期，请重新登录（the session has ended; sign in again）";

export class SessionEnded extends Error {
  constructor() {
    super(SIGN_IN_AGAIN);
  }
}

/** A token is renewed this long before it expires. */
const RENEW_BEFORE_MS = 60_000;
/** A token this close to its expiry is no longer sent: it could expire on the way. */
const IN_FLIGHT_MS = 5_000;

export type Addresses = ConstructorParameters<typeof CentreClients>[0];

const cookieOptions = (maxAgeSeconds: number) =>
  ({ path: "/", httpOnly: true, secure: true, sameSite: "lax", maxAge: maxAgeSeconds }) as const;

const usable = (grant: Grant) => grant.expiresAt - Date.now() > IN_FLIGHT_MS;

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

  /** Starts a session for the person a grant names, and sets its cookie. */
  open(reply: FastifyReply, grant: Grant, csrf: string): Session {
    const session: Session = {
      id: newId(),
      csrf,
      person: grant.person,
      expiresAt: Date.now() + this.lifetimeMs,
      grant,
      clients: new CentreClients(this.addresses, () => this.token(session)),
    };
    this.byId.set(session.id, session);
    reply.setCookie(SESSION_COOKIE, session.id, cookieOptions(this.lifetimeMs / 1000));
    return session;
  }

  /** The request's session, if its cookie names a live one. */
  of(request: FastifyRequest): Session | undefined {
    const id = request.cookies[SESSION_COOKIE];
    const session = id ? this.byId.get(id) : undefined;
    const ended = session && (session.expiresAt <= Date.now() || (!session.grant.renew && !usable(session.grant)));
    if (session && ended) {
      this.drop(session.id);
      return undefined;
    }
    return session;
  }

  /** The session's token, renewed when it nears expiry; SessionEnded when it cannot be. */
  async token(session: Session): Promise<string> {
    const { grant } = session;
    if (!grant.renew || grant.expiresAt - Date.now() > RENEW_BEFORE_MS) {
      if (usable(grant) && session.expiresAt > Date.now()) return grant.token;
      this.drop(session.id);
      throw new SessionEnded();
    }
    try {
      session.renewing ??= grant.renew().finally(() => {
        session.renewing = undefined;
      });
      session.grant = await session.renewing;
      session.person = session.grant.person;
      return session.grant.token;
    } catch {
      if (usable(grant)) return grant.token;
      this.drop(session.id);
      throw new SessionEnded();
    }
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

// Signing in and out. Production: the district's OpenID Connect provider, whose access token the
// console forwards to the services (it signs nothing). A development centre (DEV_AUTH_SECRET given):
// a form to pick a role and a centre or mediator, marked as development only, and a development token.
import type { FastifyInstance } from "fastify";
import type { ConsoleConfig } from "./config.js";
import { apiError } from "./errors.js";
import type { OidcSignIn, ProviderTokens } from "./oidc.js";
import { personFromToken, personOf, type TokenKey, tokenFor } from "./people.js";
import { csrfToken, type Grant, type Session, type Sessions } from "./sessions.js";

export const describeSession = (session: Session | undefined) =>
  session ? { signedIn: true, person: session.person } : { signedIn: false };

export function signInRoutes(app: FastifyInstance, config: ConsoleConfig, sessions: Sessions, oidc: OidcSignIn | undefined): void {
  const mode = config.DEV_AUTH_SECRET ? "development" : "oidc";

  app.get("/api/session", async (request, reply) => ({
    ...describeSession(sessions.of(request)),
    csrfToken: csrfToken(request, reply),
    signIn: mode,
  }));

  app.post("/auth/logout", async (request, reply) => {
    sessions.close(request, reply);
    return { signedIn: false };
  });

  if (config.DEV_AUTH_SECRET) {
    const key: TokenKey = { secret: config.DEV_AUTH_SECRET, issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE };
    app.post<{ Body: Record<string, unknown> }>("/auth/dev", async (request, reply) => {
      const body = request.body ?? {};
      const text = (name: string) => (typeof body[name] === "string" ? (body[name] as string).trim() : "");
      const role = text("role");
      const bound = role === "mediator" ? text("mediatorId") : text("centreCode");
      const person = personOf(`dev:${role}:${bound || "district"}`, bound || role, role, text("centreCode"), text("mediatorId"));
      if (typeof person === "string") {
        const error = apiError("INVALID_ARGUMENT", person, 400, [
          { field: role === "mediator" ? "mediatorId" : "centreCode", problem: person },
        ]);
        return reply.code(error.status).send(error.body);
      }
      sessions.close(request, reply);
      const token = await tokenFor(person, key, config.SESSION_HOURS);
      const grant = { token, person, expiresAt: Date.now() + config.SESSION_HOURS * 3600_000 };
      return describeSession(sessions.open(reply, grant, csrfToken(request, reply)));
    });
    return;
  }

  app.get("/auth/login", async (_request, reply) => reply.redirect(await (oidc as OidcSignIn).start(reply)));
  app.get("/auth/callback", async (request, reply) => {
    let grant: Grant;
    try {
      grant = grantOf(await (oidc as OidcSignIn).finish(request, reply), oidc as OidcSignIn);
    } catch (error) {
      request.log.warn({ err: (error as Error).message }, "sign-in failed");
      return reply.redirect(`/?signInError=${encodeURIComponent((error as Error).message)}`);
    }
    sessions.close(request, reply);
    sessions.open(reply, grant, csrfToken(request, reply));
    return reply.redirect("/");
  });
}

/** The provider's access token as a session's grant, renewed with the refresh token while it has one. */
function grantOf(tokens: ProviderTokens, oidc: OidcSignIn): Grant {
  const read = personFromToken(tokens.accessToken, tokens.idClaims);
  if (typeof read === "string") throw new Error(read);
  const { refreshToken, idClaims } = tokens;
  return {
    token: tokens.accessToken,
    person: read.person,
    expiresAt: read.expiresAt,
    ...(refreshToken ? { renew: async () => grantOf(await oidc.refresh(refreshToken, idClaims), oidc) } : {}),
  };
}

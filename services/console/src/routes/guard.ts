// Every API route runs as the signed-in person: no session (or a token that could not be renewed),
// no call. Errors from the services come back with their code and, for bad input, each field's problem.
import type { FastifyReply, FastifyRequest } from "fastify";
import { apiError, fromServiceError } from "../errors.js";
import { type Session, SessionEnded, type Sessions, SIGN_IN_AGAIN } from "../sessions.js";

export type Handler<T> = (session: Session, request: FastifyRequest, reply: FastifyReply) => Promise<T>;

export function signedIn<T>(sessions: Sessions, handler: Handler<T>) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const session = sessions.of(request);
    const signInAgain = () => {
      const error = apiError("UNAUTHENTICATED", SIGN_IN_AGAIN, 401);
      return reply.code(error.status).send(error.body);
    };
    if (!session) return signInAgain();
    try {
      await sessions.token(session);
      return await handler(session, request, reply);
    } catch (cause) {
      if (cause instanceof SessionEnded) return signInAgain();
      const error = fromServiceError(cause);
      if (error.status >= 500) request.log.error({ err: (cause as Error).message }, "a service call failed");
      return reply.code(error.status).send(error.body);
    }
  };
}

/** A JSON body's fields, read safely. */
export function fields(request: FastifyRequest) {
  const body = (request.body ?? {}) as Record<string, unknown>;
  return {
    text: (name: string) => (typeof body[name] === "string" ? (body[name] as string) : ""),
    flag: (name: string) => body[name] === true,
    list: (name: string) => (Array.isArray(body[name]) ? (body[name] as unknown[]) : []),
  };
}

export const param = (request: FastifyRequest, name: string) => String((request.params as Record<string, string>)[name] ?? "");
export const query = (request: FastifyRequest, name: string) => {
  const value = (request.query as Record<string, unknown>)[name];
  return typeof value === "string" ? value : "";
};

// A mediator's offers and cases: accept or decline an offer, record a session, extend the deadline
// with both parties' consent, close with an outcome. The mediator is always the signed-in one.
import { mediation } from "@mediation/contracts";
import type { FastifyInstance } from "fastify";
import type { Sessions } from "../sessions.js";
import { fields, param, signedIn } from "./guard.js";

const caseJson = (response: { case?: mediation.Case }) => ({ case: response.case ? mediation.Case.toJSON(response.case) : null });

export function caseRoutes(app: FastifyInstance, sessions: Sessions): void {
  app.get(
    "/api/cases",
    signedIn(sessions, async ({ clients, person }) => {
      const { cases } = await clients.listMyCases(person.mediatorId);
      return { cases: cases.map((c) => mediation.Case.toJSON(c)) };
    }),
  );

  app.post(
    "/api/offers/:offerId/accept",
    signedIn(sessions, async ({ clients, person }, request) =>
      caseJson(await clients.acceptOffer(person.mediatorId, param(request, "offerId"))),
    ),
  );

  app.post(
    "/api/offers/:offerId/decline",
    signedIn(sessions, async ({ clients, person }, request) => {
      await clients.declineOffer(person.mediatorId, param(request, "offerId"), fields(request).text("reason"));
      return { declined: true };
    }),
  );

  app.post(
    "/api/cases/:caseId/sessions",
    signedIn(sessions, async ({ clients, person }, request) => {
      const body = fields(request);
      const heldAt = body.text("heldAt") ? new Date(body.text("heldAt")) : new Date();
      return caseJson(
        await clients.recordSession({ mediatorId: person.mediatorId, caseId: param(request, "caseId"), heldAt, note: body.text("note") }),
      );
    }),
  );

  app.post(
    "/api/cases/:caseId/extend",
    signedIn(sessions, async ({ clients, person }, request) =>
      caseJson(await clients.extendDeadline(person.mediatorId, param(request, "caseId"), fields(request).flag("bothPartiesConsent"))),
    ),
  );

  app.post(
    "/api/cases/:caseId/close",
    signedIn(sessions, async ({ clients, person }, request) => {
      const body = fields(request);
      const closing = mediation.CloseCaseRequest.fromJSON({
        mediatorId: person.mediatorId,
        caseId: param(request, "caseId"),
        outcome: body.text("outcome") || "OUTCOME_UNSPECIFIED",
        obligations: body.list("obligations"),
        refusedBy: body.text("refusedBy"),
        partiesToldOfOtherRoutes: body.flag("partiesToldOfOtherRoutes"),
      });
      return caseJson(await clients.closeCase(closing));
    }),
  );
}

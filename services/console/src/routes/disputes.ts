// A street centre's disputes: submit one (amounts typed in yuan, sent as fen), list them, read one
// with its timeline, withdraw one. The centre is the signed-in person's; the intake service checks
// it again against the token.
import { UsageError, yuanToFen } from "@mediation/cli";
import { common, intake } from "@mediation/contracts";
import { call, withToken } from "@mediation/grpc-kit";
import type { FastifyInstance } from "fastify";
import { apiError } from "../errors.js";
import type { Sessions } from "../sessions.js";
import { fields, param, query, signedIn } from "./guard.js";

const PAGE = 200;
const MOST = 1_000;

export function disputeRoutes(app: FastifyInstance, sessions: Sessions): void {
  app.get(
    "/api/disputes",
    signedIn(sessions, async ({ clients, person }, request) => {
      const centreCode = person.role === "centre" ? person.centreCode : query(request, "centre") || person.centreCode;
      const disputes: unknown[] = [];
      let pageToken = "";
      do {
        const page = await clients.listDisputes({ centreCode, pageSize: PAGE, pageToken });
        disputes.push(...page.disputes.map((d) => intake.Dispute.toJSON(d)));
        pageToken = page.nextPageToken;
      } while (pageToken && disputes.length < MOST);
      return { disputes, more: pageToken !== "" };
    }),
  );

  app.get(
    "/api/disputes/:disputeId",
    signedIn(sessions, async ({ clients }, request) => {
      const { dispute, timeline } = await clients.getDispute(param(request, "disputeId"));
      return { dispute: dispute ? intake.Dispute.toJSON(dispute) : null, timeline: timeline.map((e) => intake.TimelineEntry.toJSON(e)) };
    }),
  );

  // A supervisor's reason to see ID numbers and phones in full: in the body (never a URL, never a log line);
  // intake checks it and records it with the read.
  app.post(
    "/api/disputes/:disputeId/full",
    signedIn(sessions, async ({ clients }, request) => {
      const { dispute, timeline } = await clients.getDispute(param(request, "disputeId"), fields(request).text("reason"));
      return { dispute: dispute ? intake.Dispute.toJSON(dispute) : null, timeline: timeline.map((e) => intake.TimelineEntry.toJSON(e)) };
    }),
  );

  // The parties of the signed-in mediator's accepted case; intake decides whether this mediator holds it.
  app.get(
    "/api/case-parties/:disputeId",
    signedIn(sessions, async ({ clients, person }, request) => {
      const found = await clients.getCaseParties(person.mediatorId, param(request, "disputeId"));
      return intake.GetCasePartiesResponse.toJSON(found);
    }),
  );

  app.post(
    "/api/disputes/:disputeId/withdraw",
    signedIn(sessions, async ({ clients, person }, request) => {
      const body = fields(request);
      const by = common.withdrawnByFromJSON(body.text("withdrawnBy") || "WITHDRAWN_BY_UNSPECIFIED");
      const response = await clients.withdrawDispute(param(request, "disputeId"), by, body.text("reason"), person.centreCode);
      return intake.WithdrawDisputeResponse.toJSON(response);
    }),
  );

  // On a terminal channel: the court or commission the parties were told of, which ends the dispute.
  app.post(
    "/api/disputes/:disputeId/guidance",
    signedIn(sessions, async (session, request) => {
      const body = fields(request);
      const request_ = { disputeId: param(request, "disputeId"), institution: body.text("institution"), note: body.text("note") };
      const { intake: client } = session.clients;
      const token = withToken(await sessions.token(session));
      return intake.RecordGuidanceResponse.toJSON(await call(client.recordGuidance, client, request_, undefined, token));
    }),
  );

  app.post(
    "/api/disputes",
    signedIn(sessions, async ({ clients, person }, request, reply) => {
      const body = fields(request);
      let claimAmountFen = 0n;
      try {
        claimAmountFen = body.text("claimAmountYuan").trim() === "" ? 0n : yuanToFen(body.text("claimAmountYuan"));
      } catch (error) {
        if (!(error instanceof UsageError)) throw error;
        const problem = apiError("INVALID_ARGUMENT", error.message, 400, [{ field: "claim_amount_fen", problem: error.message }]);
        return reply.code(problem.status).send(problem.body);
      }
      const request_ = intake.SubmitDisputeRequest.fromJSON({
        requestId: body.text("requestId"),
        centreCode: person.centreCode,
        category: body.text("category") || "CATEGORY_UNSPECIFIED",
        summary: body.text("summary"),
        parties: body.list("parties"),
        preferredChannel: body.text("preferredChannel") || "CHANNEL_UNSPECIFIED",
        mustReport: body.flag("mustReport"),
        preferredMediatorId: body.text("preferredMediatorId"),
      });
      const response = await clients.submitDispute({ ...request_, claimAmountFen });
      return reply.code(response.created ? 201 : 200).send({ dispute: response.dispute ? intake.Dispute.toJSON(response.dispute) : null });
    }),
  );
}

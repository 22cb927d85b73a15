// A supervisor's work: the queue of what waits for a person (routing's ListWorkQueue, oldest first),
// choosing a channel, acknowledging an escalation or a risk alert, naming the mediator of a case
// nobody took, and handing an accepted case to another mediator. A centre's supervisor works on
// their own centre; the district's (no centre) on one centre or all. The services check it again.
import { common, mediation, routing } from "@mediation/contracts";
import type { FastifyInstance } from "fastify";
import type { Session, Sessions } from "../sessions.js";
import { fields, param, query, signedIn } from "./guard.js";

const PAGE = 500;
const MOST = 2_000;
/** The most open cases mediation gives in one page. */
const CASES_PAGE = 200;
/** Open cases a mediator holds (an offered case is not yet theirs to hand over). */
const HELD = [mediation.CaseState.CASE_STATE_ACCEPTED, mediation.CaseState.CASE_STATE_IN_MEDIATION];

/** The centre a request is about: a centre's supervisor has theirs; the district chooses (empty: all). */
const centreOf = (session: Session, asked: string) => session.person.centreCode || asked;

export function supervisionRoutes(app: FastifyInstance, sessions: Sessions): void {
  app.get(
    "/api/work-queue",
    signedIn(sessions, async (session, request) => {
      const centreCode = centreOf(session, query(request, "centre"));
      const kinds = query(request, "kinds")
        .split(",")
        .filter(Boolean)
        .map((k) => routing.workItemKindFromJSON(k));
      const items: unknown[] = [];
      let pageToken = "";
      let total = 0;
      let oldestAgeSeconds = "0";
      do {
        const page = await session.clients.listWorkQueue({ centreCode, kinds, pageSize: PAGE, pageToken });
        items.push(...page.items.map((i) => routing.WorkItem.toJSON(i)));
        ({ total } = page);
        oldestAgeSeconds = page.oldestAgeSeconds.toString();
        pageToken = page.nextPageToken;
      } while (pageToken && items.length < MOST);
      return { items, total, oldestAgeSeconds, more: pageToken !== "" };
    }),
  );

  app.post(
    "/api/work-queue/:disputeId/channel",
    signedIn(sessions, async (session, request) => {
      const body = fields(request);
      const channel = common.channelFromJSON(body.text("channel") || "CHANNEL_UNSPECIFIED");
      const decided = await session.clients.decideChannel(param(request, "disputeId"), channel, body.text("reason"));
      return routing.DecideChannelResponse.toJSON(decided);
    }),
  );

  app.post(
    "/api/work-queue/:disputeId/acknowledge",
    signedIn(sessions, async (session, request) => {
      const done = await session.clients.acknowledgeEscalation(param(request, "disputeId"), fields(request).text("note"));
      return routing.AcknowledgeEscalationResponse.toJSON(done);
    }),
  );

  app.post(
    "/api/alerts/:alertId/acknowledge",
    signedIn(sessions, async (session, request) => {
      const done = await session.clients.acknowledgeRiskAlert(param(request, "alertId"), fields(request).text("note"));
      return routing.AcknowledgeRiskAlertResponse.toJSON(done);
    }),
  );

  app.post(
    "/api/supervision/cases/:caseId/assign",
    signedIn(sessions, async ({ clients }, request) => {
      const { case: assigned } = await clients.assignCase(param(request, "caseId"), fields(request).text("mediatorId"));
      return { case: assigned ? mediation.Case.toJSON(assigned) : null };
    }),
  );

  app.post(
    "/api/supervision/cases/:caseId/reassign",
    signedIn(sessions, async ({ clients }, request) => {
      const body = fields(request);
      const { case: moved } = await clients.reassignCase(param(request, "caseId"), body.text("mediatorId"), body.text("reason"));
      return { case: moved ? mediation.Case.toJSON(moved) : null };
    }),
  );

  // The centre's open cases in a mediator's hands, from one call to mediation: what may be handed to
  // another mediator. `more`: the centre has more open cases than one page holds.
  app.get(
    "/api/supervision/cases",
    signedIn(sessions, async (session, request) => {
      const centreCode = centreOf(session, query(request, "centre"));
      const page = await session.clients.listOpenCases({ centreCode, pageSize: CASES_PAGE });
      const held = page.cases.filter((c) => HELD.includes(c.state));
      return { cases: held.map((c) => mediation.Case.toJSON(c)), more: page.nextPageToken !== "" };
    }),
  );
}

import { CASE_OUTCOMES, categoryCodec, channelCodec, mediation, outcomeCodec } from "@mediation/contracts";
import type { CentreClients } from "../clients.js";
import { UsageError } from "../money.js";
import { type Output, table } from "../output.js";
import { type Flags, need, str } from "./disputes.js";

const describeOffer = (o: mediation.Offer) =>
  `offer ${o.offerId}: ${categoryCodec.toCode(o.category)} dispute from ${o.centreCode} via ${channelCodec.toCode(o.channel)} (case ${o.caseId})`;

const describeCase = (c: mediation.Case) =>
  `case ${c.caseId}: ${mediation.caseStateToJSON(c.state).replace("CASE_STATE_", "")}${c.outcome ? ` ${outcomeCodec.toCode(c.outcome)}` : ""}` +
  `${c.deadlineAt ? `, deadline ${c.deadlineAt.toISOString()}` : ""}${c.overdue ? " (OVERDUE)" : ""}`;

export async function mediator(clients: CentreClients, args: string[], flags: Flags, out: Output): Promise<void> {
  const [action, mediatorId, id] = args;
  if (!mediatorId) throw new UsageError("say which mediator: mediation mediator <watch|accept|close|cases> <mediator-id> ...");
  switch (action) {
    case "watch": {
      out.progress(`Watching offers for ${mediatorId}; Ctrl-C to stop.`);
      await new Promise<void>((resolve, reject) => {
        const stop = clients.watchAssignments(
          mediatorId,
          (offer) => out.result(mediation.Offer.toJSON(offer), () => describeOffer(offer)),
          reject,
          (offerId) => out.result({ withdrawnOfferId: offerId }, () => `Offer ${offerId} was withdrawn with its dispute.`),
        );
        process.once("SIGINT", () => {
          stop();
          resolve();
        });
      });
      return;
    }
    case "accept": {
      if (!id) throw new UsageError("say which offer: mediation mediator accept <mediator-id> <offer-id>");
      const { case: accepted } = await clients.acceptOffer(mediatorId, id);
      out.result(mediation.AcceptOfferResponse.toJSON({ case: accepted }), () => `Accepted: ${describeCase(accepted as mediation.Case)}`);
      return;
    }
    case "close": {
      if (!id)
        throw new UsageError(
          "say which case: mediation mediator close <mediator-id> <case-id> --outcome AGREEMENT|NO_AGREEMENT|REFUSED|WITHDRAWN",
        );
      const outcome = outcomeCodec.parse(need(flags, "outcome", CASE_OUTCOMES.join(", ")));
      if (!outcome || outcome === "GUIDANCE_GIVEN") throw new UsageError(`--outcome must be one of ${CASE_OUTCOMES.join(", ")}`);
      const terms = str(flags, "terms");
      const due = str(flags, "due");
      if (terms && (!due || Number.isNaN(Date.parse(due))))
        throw new UsageError("--due must be a date like 2026-12-31 when --terms is given");
      const { case: closed } = await clients.closeCase({
        mediatorId,
        caseId: id,
        outcome: outcomeCodec.fromCode(outcome),
        obligations: terms
          ? [{ obligor: str(flags, "obligor") ?? "respondent", terms, manner: str(flags, "manner") ?? "", dueBy: new Date(due as string) }]
          : [],
        refusedBy: str(flags, "refused-by") ?? "",
        partiesToldOfOtherRoutes: flags["told-other-routes"] === true,
      });
      out.result(mediation.CloseCaseResponse.toJSON({ case: closed }), () => `Closed: ${describeCase(closed as mediation.Case)}`);
      return;
    }
    case "decline": {
      if (!id) throw new UsageError("say which offer: mediation mediator decline <mediator-id> <offer-id> --reason TEXT");
      await clients.declineOffer(mediatorId, id, need(flags, "reason", "why you cannot take it, in a few words"));
      out.result({ declined: id }, () => `Declined offer ${id}; the case goes to the next mediator.`);
      return;
    }
    case "session": {
      if (!id) throw new UsageError("say which case: mediation mediator session <mediator-id> <case-id> [--note TEXT]");
      const { case: c } = await clients.recordSession({ mediatorId, caseId: id, heldAt: new Date(), note: str(flags, "note") ?? "" });
      out.result(
        mediation.RecordSessionResponse.toJSON({ case: c }),
        () => `Session ${c?.sessions} recorded: ${describeCase(c as mediation.Case)}`,
      );
      return;
    }
    case "extend": {
      if (!id) throw new UsageError("say which case: mediation mediator extend <mediator-id> <case-id> --both-consent");
      const { case: c } = await clients.extendDeadline(mediatorId, id, flags["both-consent"] === true);
      out.result(mediation.ExtendDeadlineResponse.toJSON({ case: c }), () => `Deadline extended to ${c?.deadlineAt?.toISOString()}`);
      return;
    }
    case "cases": {
      const { cases } = await clients.listMyCases(mediatorId);
      out.result(mediation.ListMyCasesResponse.toJSON({ cases }), () =>
        cases.length
          ? table([
              ["case id", "state", "category", "centre", "outcome"],
              ...cases.map((c) => [
                c.caseId,
                mediation.caseStateToJSON(c.state).replace("CASE_STATE_", ""),
                categoryCodec.toCode(c.category) ?? "?",
                c.centreCode,
                outcomeCodec.toCode(c.outcome) ?? "",
              ]),
            ])
          : `${mediatorId} has no cases.`,
      );
      return;
    }
    default:
      throw new UsageError(`unknown mediator action "${action ?? ""}"; one of watch, accept, decline, session, extend, close, cases`);
  }
}

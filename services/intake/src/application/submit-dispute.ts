import { addToOutbox } from "@mediation/bus/outbox";
import { AlreadyExists, categoryCodec, channelCodec, newEvent, shanghaiMonth } from "@mediation/contracts";
import type { DocumentStore } from "@mediation/store";
import { v7 as uuidv7 } from "uuid";
import { caseNumber, type Dispute, type Submission, sameSubmission } from "../domain/dispute.js";
import { respondentKey } from "../domain/party-key.js";
import { startProgress } from "../domain/timeline.js";
import { REQUESTS, SEQUENCES } from "./collections.js";
import { onceMoreOnConflict } from "./once-more-on-conflict.js";
import type { DisputeStorage, RecordChange } from "./ports.js";
import { createProgress } from "./timeline.js";

export interface SubmitResult {
  dispute: Dispute;
  created: boolean;
}

export interface SubmitDeps {
  store: DocumentStore;
  disputes: DisputeStorage;
  partyKeySecret: string;
  /** Called after a commit that stored events, so the relay sends them at once. */
  eventsStored(): void;
  now?: () => Date;
}

/**
 * Stores the dispute and its `dispute.submitted` event in one transaction. The same request id
 * returns the dispute stored the first time; with a different body it is refused.
 */
export async function submitDispute(deps: SubmitDeps, submission: Submission, audit: RecordChange): Promise<SubmitResult> {
  const requestKey = `${submission.centreCode}:${submission.requestId}`;
  const attempt = () =>
    deps.store.transaction(async (tx): Promise<SubmitResult> => {
      const requests = tx.collection(REQUESTS);
      const seen = await requests.get(requestKey);
      if (seen) {
        const dispute = await deps.disputes.get(tx, seen.disputeId);
        if (!dispute) throw new Error(`request ${requestKey} points at missing dispute ${seen.disputeId}`);
        if (!sameSubmission(pickSubmission(dispute), submission)) {
          throw new AlreadyExists(
            `request_id ${submission.requestId} was already used for dispute ${dispute.caseNumber} with different content; use a new request_id`,
          );
        }
        // The replay answers with the parties' data: it is recorded as a read of them.
        await audit(tx, { action: "dispute.submit.replayed", dispute });
        return { dispute, created: false };
      }
      const submittedAt = (deps.now ?? (() => new Date()))();
      const month = shanghaiMonth(submittedAt);
      const sequence = await tx.collection(SEQUENCES).increment(`${submission.centreCode}:${month}`, { next: 1 });
      const dispute: Dispute = {
        ...submission,
        disputeId: uuidv7(),
        caseNumber: caseNumber(submission.centreCode, month, sequence.next),
        submittedAt: submittedAt.toISOString(),
      };
      await deps.disputes.create(tx, dispute);
      await requests.put(requestKey, { disputeId: dispute.disputeId }, 0);
      const submitted = newEvent(
        {
          $case: "disputeSubmitted",
          value: {
            disputeId: dispute.disputeId,
            caseNumber: dispute.caseNumber,
            centreCode: dispute.centreCode,
            category: categoryCodec.fromCode(dispute.category),
            claimAmountFen: BigInt(dispute.claimAmountFen),
            claimantCount: dispute.parties.filter((p) => p.role === "CLAIMANT").length,
            respondentKeys: dispute.parties.filter((p) => p.role === "RESPONDENT").map((p) => respondentKey(p, deps.partyKeySecret)),
            submittedAt,
            preferredChannel: dispute.preferredChannel ? channelCodec.fromCode(dispute.preferredChannel) : 0,
            mustReport: dispute.mustReport,
            preferredMediatorId: dispute.preferredMediatorId,
          },
        },
        { correlationId: dispute.disputeId, causationId: requestKey },
        submittedAt,
      );
      await addToOutbox(tx, [submitted]);
      const facts = {
        disputeId: dispute.disputeId,
        caseNumber: dispute.caseNumber,
        centreCode: dispute.centreCode,
        category: dispute.category,
        month,
      };
      await createProgress(tx, startProgress(facts, dispute.submittedAt, submitted.id));
      await audit(tx, { action: "dispute.submit", dispute });
      return { dispute, created: true };
    });
  // A concurrent retry of the same request that commits first is answered with what it stored.
  return onceMoreOnConflict(attempt, () => deps.eventsStored());
}

function pickSubmission(d: Dispute): Submission {
  return {
    requestId: d.requestId,
    centreCode: d.centreCode,
    category: d.category,
    claimAmountFen: d.claimAmountFen,
    summary: d.summary,
    parties: d.parties,
    preferredChannel: d.preferredChannel,
    mustReport: d.mustReport,
    preferredMediatorId: d.preferredMediatorId,
  };
}

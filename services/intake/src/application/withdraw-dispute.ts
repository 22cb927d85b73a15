// WithdrawDispute: the submitting centre withdraws its dispute before it is closed. The withdrawal
// and its `dispute.withdrawn` event commit in one transaction; a repeated call answers with the
// first withdrawal and publishes nothing more.
import { addToOutbox } from "@mediation/bus/outbox";
import {
  categoryCodec,
  FailedPrecondition,
  NotFound,
  newEvent,
  Violations,
  type WithdrawnByCode,
  withdrawnByCodec,
} from "@mediation/contracts";
import type { DocumentStore } from "@mediation/store";
import type { Dispute } from "../domain/dispute.js";
import { addStep, canWithdraw, type Progress, REASON_LIMIT, type Step } from "../domain/timeline.js";
import { PROGRESS } from "./collections.js";
import { onceMoreOnConflict } from "./once-more-on-conflict.js";
import type { DisputeStorage, RecordChange } from "./ports.js";
import { strip } from "./timeline.js";

export interface WithdrawDeps {
  store: DocumentStore;
  disputes: DisputeStorage;
  eventsStored(): void;
  now?: () => Date;
}

export interface WithdrawalRequest {
  disputeId: string;
  /** undefined: the client sent no known value. */
  withdrawnBy: WithdrawnByCode | undefined;
  reason: string;
}

export interface WithdrawResult {
  dispute: Dispute;
  progress: Progress;
  /** The withdrawal as first recorded, and its reason. */
  withdrawal: Step;
  reason: string;
}

function validate(request: WithdrawalRequest): void {
  const v = new Violations();
  v.check(request.disputeId !== "", "dispute_id", "is required");
  v.check(request.withdrawnBy !== undefined, "withdrawn_by", "is required: CLAIMANT, RESPONDENT_BY_AGREEMENT or CENTRE");
  v.check(request.reason.trim() !== "", "reason", "is required: say why the dispute is withdrawn");
  v.check(request.reason.length <= REASON_LIMIT, "reason", `must be at most ${REASON_LIMIT} characters`);
  v.throwIfAny();
}

/** `centreCode` is the caller's centre ("" for an administrator): another centre's dispute is answered as absent. */
export async function withdrawDispute(
  deps: WithdrawDeps,
  centreCode: string,
  request: WithdrawalRequest,
  audit: RecordChange,
): Promise<WithdrawResult> {
  validate(request);
  const attempt = () =>
    deps.store.transaction(async (tx): Promise<WithdrawResult & { created: boolean }> => {
      const dispute = await deps.disputes.get(tx, request.disputeId);
      if (!dispute || (centreCode && dispute.centreCode !== centreCode)) throw new NotFound(`no dispute ${request.disputeId}`);
      const rows = tx.collection(PROGRESS);
      const found = await rows.get(dispute.disputeId);
      if (!found) throw new FailedPrecondition(`dispute ${dispute.caseNumber}'s progress is still being read from the events; try again`);
      const progress = strip(found);
      const earlier = progress.steps.find((s) => s.kind === "WITHDRAWN");
      if (progress.state === "WITHDRAWN" && earlier) {
        const reason = progress.withdrawalReason ?? "";
        await audit(tx, { action: "dispute.withdraw.repeated", dispute });
        return { dispute, progress, withdrawal: earlier, reason, created: false };
      }
      if (!canWithdraw(progress)) {
        throw new FailedPrecondition(
          `dispute ${dispute.caseNumber} is closed (${progress.outcome || "no outcome"}); a closed dispute cannot be withdrawn`,
        );
      }
      const now = (deps.now ?? (() => new Date()))();
      const withdrawnBy = request.withdrawnBy as WithdrawnByCode;
      const event = newEvent(
        {
          $case: "disputeWithdrawn",
          value: {
            disputeId: dispute.disputeId,
            centreCode: dispute.centreCode,
            category: categoryCodec.fromCode(dispute.category),
            withdrawnBy: withdrawnByCodec.fromCode(withdrawnBy),
            withdrawnAt: now,
            submittedAt: new Date(dispute.submittedAt),
          },
        },
        { correlationId: dispute.disputeId, causationId: `withdraw:${dispute.disputeId}` },
        now,
      );
      const withdrawal: Step = { kind: "WITHDRAWN", at: now.toISOString(), eventId: event.id, withdrawnBy };
      const reason = request.reason.trim();
      // The store seals the reason under the dispute's data key, like the parties' data.
      const next = { ...addStep(progress, withdrawal), withdrawalReason: reason };
      await rows.put(dispute.disputeId, next, found.version);
      await addToOutbox(tx, [event]);
      await audit(tx, { action: "dispute.withdraw", dispute, detail: withdrawnBy });
      return { dispute, progress: next, withdrawal, reason, created: true };
    });
  const { created: _, ...answer } = await onceMoreOnConflict(attempt, () => deps.eventsStored());
  return answer;
}

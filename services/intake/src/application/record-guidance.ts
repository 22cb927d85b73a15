// RecordGuidance: on a terminal channel the submitting centre records the guidance it gave, which
// ends the dispute (CLOSED, GUIDANCE_GIVEN). The step and its `dispute.guidance_recorded` event
// commit in one transaction; a repeated call answers with the first guidance and publishes nothing.
import { addToOutbox } from "@mediation/bus/outbox";
import { categoryCodec, channelCodec, FailedPrecondition, NotFound, newEvent } from "@mediation/contracts";
import type { DocumentStore } from "@mediation/store";
import type { Dispute } from "../domain/dispute.js";
import { type GuidanceInput, validateGuidance } from "../domain/guidance.js";
import { addStep, canRecordGuidance, type Progress, type Step } from "../domain/timeline.js";
import { PROGRESS } from "./collections.js";
import { onceMoreOnConflict } from "./once-more-on-conflict.js";
import type { DisputeStorage, RecordChange } from "./ports.js";
import { strip } from "./timeline.js";

export interface GuidanceDeps {
  store: DocumentStore;
  disputes: DisputeStorage;
  eventsStored(): void;
  now?: () => Date;
}

export interface GuidanceResult {
  dispute: Dispute;
  progress: Progress;
  /** The guidance as first recorded. */
  guidance: Step;
  /** Its note, opened for the centre that wrote it ("" when none). */
  note: string;
}

/**
 * `centreCode` is the caller's centre ("" for an administrator): another centre's dispute is answered
 * as absent. `givenBy` is the caller's subject; `audit` records the change in its transaction.
 */
export async function recordGuidance(
  deps: GuidanceDeps,
  centreCode: string,
  givenBy: string,
  input: GuidanceInput,
  audit: RecordChange,
): Promise<GuidanceResult> {
  const request = validateGuidance(input);
  const attempt = () =>
    deps.store.transaction(async (tx): Promise<GuidanceResult & { created: boolean }> => {
      const dispute = await deps.disputes.get(tx, request.disputeId);
      if (!dispute || (centreCode && dispute.centreCode !== centreCode)) throw new NotFound(`no dispute ${request.disputeId}`);
      const rows = tx.collection(PROGRESS);
      const found = await rows.get(dispute.disputeId);
      if (!found) throw new FailedPrecondition(`dispute ${dispute.caseNumber}'s progress is still being read from the events; try again`);
      const progress = strip(found);
      const note = () => progress.guidanceNote ?? "";
      const earlier = progress.steps.find((s) => s.kind === "GUIDANCE_RECORDED");
      if (earlier && progress.state === "CLOSED") return { dispute, progress, guidance: earlier, note: note(), created: false };
      if (!canRecordGuidance(progress)) {
        const where = progress.channel ? `on ${progress.channel}` : "not routed yet";
        throw new FailedPrecondition(
          `dispute ${dispute.caseNumber} is ${progress.state} (${where}); guidance is recorded only while it is on LITIGATION_GUIDANCE or LABOUR_ARBITRATION`,
        );
      }
      const channel = progress.channel as "LITIGATION_GUIDANCE" | "LABOUR_ARBITRATION";
      const now = (deps.now ?? (() => new Date()))();
      const event = newEvent(
        {
          $case: "guidanceRecorded",
          value: {
            disputeId: dispute.disputeId,
            centreCode: dispute.centreCode,
            category: categoryCodec.fromCode(dispute.category),
            channel: channelCodec.fromCode(channel),
            institution: request.institution,
            givenBy,
            givenAt: now,
            submittedAt: new Date(dispute.submittedAt),
          },
        },
        { correlationId: dispute.disputeId, causationId: `guidance:${dispute.disputeId}` },
        now,
      );
      const guidance: Step = {
        kind: "GUIDANCE_RECORDED",
        at: now.toISOString(),
        eventId: event.id,
        channel,
        personId: givenBy,
        institution: request.institution,
      };
      const next: Progress = { ...addStep(progress, guidance), ...(request.note ? { guidanceNote: request.note } : {}) };
      await rows.put(dispute.disputeId, next, found.version);
      await addToOutbox(tx, [event]);
      await audit(tx, { action: "dispute.record_guidance", dispute, detail: `${channel}: ${request.institution}` });
      return { dispute, progress: next, guidance, note: request.note, created: true };
    });
  const { created: _, ...answer } = await onceMoreOnConflict(attempt, () => deps.eventsStored());
  return answer;
}

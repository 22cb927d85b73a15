// Helpers for the supervisor's pages in the browser: a work-queue row, an Ant Design select, and
// waiting for an item the services have still to file.
import type { Page } from "playwright-core";

/** The work queue's row of a dispute; of one kind when `kind` (its Chinese label) is given. */
export const queueRow = (page: Page, disputeId: string, kind?: string) => {
  const row = page.locator("tr").filter({ has: page.locator(`[data-dispute-id="${disputeId}"]`) });
  return kind ? row.filter({ hasText: kind }) : row;
};

/** Chooses an option of the Ant Design select the label names. */
export async function choose(page: Page, label: string, option: string): Promise<void> {
  await page.getByRole("combobox", { name: label, exact: true }).click();
  await page.locator(".ant-select-item-option").filter({ hasText: option }).first().click();
}

/** Refreshes the work queue until the dispute's row (of the kind) is there. */
export async function untilQueued(page: Page, disputeId: string, kind: string, timeoutMs = 30_000) {
  const row = queueRow(page, disputeId, kind);
  const until = Date.now() + timeoutMs;
  while (!(await row.isVisible())) {
    if (Date.now() > until) throw new Error(`${kind} of ${disputeId} never reached the work queue`);
    await page.getByRole("button", { name: "刷新" }).click();
    await page.waitForTimeout(500);
  }
  return row;
}

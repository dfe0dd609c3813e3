import type { Locator, Page } from 'playwright-core';

// A message counts as "next to" its field when it starts within this many pixels below the control.
const NEXT_TO_PX = 24;

/**
 * The error shown for the labelled field, or null when the field is valid. The message must be tied to the
 * control (aria-invalid + aria-describedby) and sit right under it, left-aligned with it: a message elsewhere
 * on the form does not count.
 */
export async function fieldError(scope: Locator, label: string): Promise<string | null> {
  const control = scope.getByLabel(label, { exact: true });
  if ((await control.getAttribute('aria-invalid')) !== 'true') return null;
  const describedBy = await control.getAttribute('aria-describedby');
  if (!describedBy) throw new Error(`${label} is marked invalid but names no message (aria-describedby).`);
  const message = scope.page().locator(`[id="${describedBy}"]`);
  const [controlBox, messageBox] = await Promise.all([control.boundingBox(), message.boundingBox()]);
  if (!controlBox || !messageBox) throw new Error(`${label}: the field or its message is not visible.`);
  const gap = messageBox.y - (controlBox.y + controlBox.height);
  if (gap < 0 || gap > NEXT_TO_PX || Math.abs(messageBox.x - controlBox.x) > 2) {
    throw new Error(
      `${label}: the message is not right under the field (gap ${gap}px, x ${messageBox.x} vs ${controlBox.x}).`,
    );
  }
  return (await message.textContent())?.trim() ?? '';
}

/** The open dialog or drawer with this title. */
export function dialogNamed(page: Page, title: string): Locator {
  return page.getByRole('dialog', { name: title });
}

/** Wait until a toast with this text appears. */
export async function waitForToast(page: Page, text: string): Promise<void> {
  await page.getByRole('status').getByText(text, { exact: true }).waitFor();
}

/** The table row whose text contains all of these strings. */
export function rowWith(page: Page, table: string, ...texts: string[]): Locator {
  let rows = page.getByRole('table', { name: table }).getByRole('row');
  for (const text of texts) rows = rows.filter({ hasText: text });
  return rows;
}

/**
 * A device row's action button ("Scan web-01"). The Devices table builds a row's actions only while the row is
 * under the pointer or has had the keyboard focus, so the row is hovered first, as the technician's pointer would.
 */
export async function deviceRowAction(page: Page, device: string, action: string): Promise<Locator> {
  const row = rowWith(page, 'Devices', device);
  await row.hover();
  return row.getByRole('button', { name: `${action} ${device}` });
}

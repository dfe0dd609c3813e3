import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { addUnreachableDevice } from '../support/unreachable-device';
import { openConsole } from './chromium';
import { consoleFixture } from './console-fixture';

/** One fast wheel event of the scroll benchmark (test/bench/devices-page.bench.ts). */
const FAST_WHEEL_PX = 600;

/** Where the rendered rows begin and end, against the visible part of the table, in pixels. */
async function renderedAround(page: Page) {
  return page.locator('.table__scroll').evaluate((scroller) => {
    const rows = Array.from(scroller.querySelectorAll<HTMLElement>('.table__body [role="row"]'));
    return {
      rows: rows.length,
      above: scroller.scrollTop - Math.min(...rows.map((row) => row.offsetTop)),
      below:
        Math.max(...rows.map((row) => row.offsetTop + row.offsetHeight)) -
        (scroller.scrollTop + scroller.clientHeight),
    };
  });
}

/** The stroke colour of an element's SVG background image and the colour of a theme token, both as `rgb(…)`. */
async function imageStroke(element: Locator, pseudo: '::before' | null, token: string) {
  return element.evaluate(
    (target, [pseudoElement, variable]) => {
      // The build may write a colour shorter (#fff), so both are compared as the browser resolves them.
      const resolved = (colour: string) => {
        const probe = document.createElement('span');
        probe.style.color = colour;
        document.body.append(probe);
        const value = getComputedStyle(probe).color;
        probe.remove();
        return value;
      };
      const image = decodeURIComponent(getComputedStyle(target, pseudoElement).backgroundImage);
      return {
        stroke: resolved(/stroke='([^']+)'/.exec(image)?.[1] ?? 'none'),
        token: resolved(getComputedStyle(document.documentElement).getPropertyValue(variable)),
      };
    },
    [pseudo, token] as const,
  );
}

/**
 * A screenshot of the left padding of a row's Name cell: where a Client text too long for its column would run on
 * if nothing covered it.
 */
async function nameCellPadding(page: Page, deviceName: string): Promise<Buffer> {
  const cell = page.getByRole('row', { name: deviceName }).getByRole('cell').nth(2);
  const box = await cell.boundingBox();
  if (!box) throw new Error(`No Name cell for ${deviceName}.`);
  return page.screenshot({ clip: { x: box.x, y: box.y, width: 10, height: box.height } });
}

async function wheel(page: Page, pixels: number): Promise<void> {
  await page.mouse.wheel(0, pixels);
  await page.waitForFunction(
    () => new Promise((settled) => requestAnimationFrame(() => requestAnimationFrame(() => settled(true)))),
  );
}

const LONG_CLIENT = 'Northwind Traders Holdings International Group of Companies and Subsidiaries';

describe('the Devices table: rows while scrolling, icons in both themes, long texts', () => {
  const ui = consoleFixture({
    setup: async ({ bridge }) => {
      const client = bridge.engine.clients.add({ name: 'Scroll client', timeZone: 'UTC' });
      for (let index = 0; index < 400; index += 1) {
        await addUnreachableDevice(bridge.engine, client.id, `scroll-${String(index).padStart(3, '0')}`);
      }
      const wideClient = bridge.engine.clients.add({ name: LONG_CLIENT, timeZone: 'UTC' });
      await addUnreachableDevice(bridge.engine, wideClient.id, 'wide-000');
    },
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`keeps a wheel event's worth of rows ready ahead, and draws icons and ticks in the theme's colours (${colorScheme})`, async () => {
      const tab = await openConsole(ui.browser, `${ui.bridge.url}#/devices`, { colorScheme });
      const { page } = tab;
      await page.getByRole('row', { name: /scroll-000/ }).waitFor();
      // The compositor scrolls the table before React hears of it, which it can only do on an opaque layer.
      const background = await page
        .locator('.table__scroll')
        .evaluate((scroller) => getComputedStyle(scroller).backgroundColor);
      expect(background).toMatch(/^rgb\(/);
      // The row actions' icons at rest are images drawn in the theme's muted colour, which CSS cannot pass into them.
      // A row builds its actions under the pointer; the pointer on the row's middle is not on the button.
      await page
        .getByRole('row', { name: /scroll-000/ })
        .first()
        .hover();
      const icon = await imageStroke(page.locator('.row-action--scan').first(), '::before', '--text-muted');
      expect(icon.stroke).toBe(icon.token);
      // So is the tick of a row's checkbox, drawn by CSS in the theme's text-on-accent colour.
      const select = page.getByRole('checkbox', { name: 'Select scroll-001', exact: true });
      await select.focus();
      await page.keyboard.press('Space');
      await page.getByText('1 selected').waitFor();
      const tick = await imageStroke(select, null, '--accent-text');
      expect(tick.stroke).toBe(tick.token);

      // A laptop's 1280 × 800 window (the console opens at 1440 × 900) shows every column, row actions included.
      const sideways = await page
        .locator('.table__scroll')
        .evaluate((scroller) => scroller.scrollWidth - scroller.clientWidth);
      expect(sideways).toBe(0);

      await page.locator('.table__scroll').hover();
      await wheel(page, 2 * FAST_WHEEL_PX);
      const down = await renderedAround(page);
      expect(down.below).toBeGreaterThanOrEqual(FAST_WHEEL_PX);
      // Still virtualised: a few dozen rows out of 400.
      expect(down.rows).toBeLessThan(60);

      await wheel(page, -FAST_WHEEL_PX / 2);
      const up = await renderedAround(page);
      expect(up.above).toBeGreaterThanOrEqual(FAST_WHEEL_PX);
      expect(tab.problems).toEqual([]);
      await tab.close();
    });
  }

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`cuts a text too long for its column where the next column begins, without clipping each cell (${colorScheme})`, async () => {
      const tab = await openConsole(ui.browser, `${ui.bridge.url}#/devices`, { colorScheme });
      const { page } = tab;
      await page.getByRole('searchbox', { name: 'Search devices' }).fill('-000');
      await page.getByRole('row', { name: /wide-000/ }).waitFor();
      await page.getByRole('row', { name: /scroll-000/ }).waitFor();
      await page.mouse.move(0, 0);

      const clientCell = page
        .getByRole('row', { name: /wide-000/ })
        .getByRole('cell')
        .nth(1);
      const overflow = await clientCell.evaluate((cell) => {
        const text = document.createRange();
        text.selectNodeContents(cell);
        return {
          textWidth: text.getBoundingClientRect().width,
          cellWidth: cell.getBoundingClientRect().width,
          clips: getComputedStyle(cell).overflowX !== 'visible',
        };
      });
      // The name really is too long here, and the cell does not clip it (a clip per cell cost frames, see the CSS).
      expect(overflow.textWidth).toBeGreaterThan(overflow.cellWidth);
      expect(overflow.clips).toBe(false);
      await expect(clientCell.getAttribute('title')).resolves.toBe(LONG_CLIENT);
      // The Name cell's background covers the rest: its padding looks the same as beside a short client name.
      const besideLong = await nameCellPadding(page, 'wide-000');
      const besideShort = await nameCellPadding(page, 'scroll-000');
      expect(besideLong.equals(besideShort)).toBe(true);
      expect(tab.problems).toEqual([]);
      await tab.close();
    });
  }
});

import { useEffect, useRef } from 'react';

// The report's own stylesheet addresses the page it was written for; inside a shadow root that page is the host.
function scopedCss(css: string): string {
  return css.replace(/:root\b/g, ':host').replace(/(^|[}\s])body(\s*\{)/g, '$1.report-body$2');
}

const STYLE_ELEMENT = /<style\b[^>]*>([\s\S]*?)<\/style>/gi;
// The report escapes every quote in its text, so `style="` can only be an attribute inside a tag.
const STYLE_ATTRIBUTE = /\sstyle=(["'])/gi;
const MOVED_STYLE = 'data-report-style';

/**
 * The report HTML rendered natively, inside a shadow root so its styles stay its own. The console's CSP allows
 * no inline style and no frames, and Chromium applies that CSP even to a DOMParser document, so inline styles
 * are taken out of the text before parsing: the <style> blocks become one constructed stylesheet and each
 * style attribute is renamed, then applied through the CSSOM, which the CSP permits. Parsing is inert (nothing
 * runs, nothing loads); scripts, frames and event handlers are dropped anyway.
 */
function renderReport(host: HTMLElement, html: string): void {
  const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
  const css: string[] = [];
  const text = html
    .replace(STYLE_ELEMENT, (_, rules: string) => {
      css.push(scopedCss(rules));
      return '';
    })
    .replace(STYLE_ATTRIBUTE, (_, quote: string) => ` ${MOVED_STYLE}=${quote}`);
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css.join('\n'));
  root.adoptedStyleSheets = [sheet];
  const parsed = new DOMParser().parseFromString(text, 'text/html');
  for (const unsafe of parsed.body.querySelectorAll('script, iframe, object, embed, link, meta, base'))
    unsafe.remove();
  for (const element of parsed.body.querySelectorAll('*')) {
    for (const attribute of [...element.attributes]) {
      if (attribute.name.startsWith('on')) element.removeAttribute(attribute.name);
    }
  }
  const body = document.createElement('div');
  body.className = 'report-body';
  body.append(...document.importNode(parsed.body, true).childNodes);
  for (const element of body.querySelectorAll(`[${MOVED_STYLE}]`)) {
    if (element instanceof HTMLElement || element instanceof SVGElement) {
      element.style.cssText = element.getAttribute(MOVED_STYLE) ?? '';
      element.removeAttribute(MOVED_STYLE);
    }
  }
  root.replaceChildren(body);
}

/** The compliance report as the client will read it. */
export function ReportPreview({ html, title }: { readonly html: string; readonly title: string }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (host.current) renderReport(host.current, html);
  }, [html]);
  return <div ref={host} className="report-preview" role="document" aria-label={title} />;
}

import { useEffect, useRef } from 'react';

// The report's own stylesheet addresses the page it was written for; inside a shadow root that page is the host.
function scopedCss(css: string): string {
  return css.replace(/:root\b/g, ':host').replace(/(^|[}\s])body(\s*\{)/g, '$1.report-body$2');
}

/**
 * The report HTML rendered natively, inside a shadow root so its styles stay its own. The console's CSP allows
 * no inline style and no frames, so the report is parsed inertly (DOMParser runs nothing and loads nothing),
 * scripts and event handlers are dropped, its <style> becomes a constructed stylesheet and each style
 * attribute is applied through the CSSOM, which the CSP permits.
 */
function renderReport(host: HTMLElement, html: string): void {
  const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  const sheet = new CSSStyleSheet();
  sheet.replaceSync([...parsed.querySelectorAll('style')].map((style) => scopedCss(style.textContent)).join('\n'));
  root.adoptedStyleSheets = [sheet];
  for (const unsafe of parsed.querySelectorAll('script, style, iframe, object, embed, link, meta, base')) unsafe.remove();
  const styled: [Element, string][] = [];
  for (const element of parsed.body.querySelectorAll('*')) {
    for (const attribute of [...element.attributes]) {
      if (attribute.name.startsWith('on')) element.removeAttribute(attribute.name);
    }
    const style = element.getAttribute('style');
    if (style !== null) {
      styled.push([element, style]);
      element.removeAttribute('style');
    }
  }
  const body = document.createElement('div');
  body.className = 'report-body';
  const imported = new Map<Element, Element>();
  const clone = document.importNode(parsed.body, true);
  // importNode keeps the tree shape, so walk both trees in step to find each styled element's copy.
  const originals = [...parsed.body.querySelectorAll('*')];
  const copies = [...clone.querySelectorAll('*')];
  originals.forEach((original, index) => {
    const copy = copies[index];
    if (copy) imported.set(original, copy);
  });
  for (const [element, style] of styled) {
    const copy = imported.get(element);
    if (copy instanceof HTMLElement || copy instanceof SVGElement) copy.style.cssText = style;
  }
  body.append(...clone.childNodes);
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

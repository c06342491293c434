// One chart option → one SVG string, rendered on the server by ECharts (no DOM, no chart script in
// the page). The console's Content-Security-Policy (default-src 'self') blocks inline styles, and
// ECharts writes its text styles as `style` attributes and adds a <style> element; both are turned
// into SVG presentation attributes here, so the charts look the same without loosening the policy.
import * as echarts from 'echarts';

export interface SvgSize {
  width: number;
  height: number;
}

/** CSS properties that SVG also takes as attributes; anything else in a style is dropped. */
const PRESENTATION = new Set([
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'stroke-linecap',
  'stroke-linejoin',
  'opacity',
  'font-size',
  'font-family',
  'font-weight',
  'font-style',
  'text-anchor',
  'dominant-baseline',
  'visibility',
]);

const escapeAttr = (value: string): string => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** `style="a:b;c:d"` on every element becomes `a="b" c="d"` (replacing those attributes if set), and <style> elements go. */
export function withoutInlineStyles(svg: string): string {
  const noStyleElements = svg.replace(/<style[^>]*>[\s\S]*?<\/style>/g, '');
  return noStyleElements.replace(
    /<([a-zA-Z][\w:-]*)(\s[^>]*?)\sstyle="([^"]*)"([^>]*)>/g,
    (_tag, name: string, before: string, style: string, after: string) => {
      const declarations = style
        .split(';')
        .map((d) => d.split(':'))
        .filter((parts): parts is [string, string] => parts.length >= 2)
        .map(([property, ...value]) => [property.trim().toLowerCase(), value.join(':').trim()] as const)
        .filter(([property, value]) => PRESENTATION.has(property) && value !== '');
      const set = new Set(declarations.map(([property]) => property));
      const keep = (attrs: string) => attrs.replace(/\s([\w:-]+)="[^"]*"/g, (attr, attrName: string) => (set.has(attrName) ? '' : attr));
      const added = declarations.map(([property, value]) => ` ${property}="${escapeAttr(value)}"`).join('');
      return `<${name}${keep(before)}${added}${keep(after)}>`;
    },
  );
}

/**
 * What ECharts writes for a chart script to pick up in the browser, which the console does not send:
 * `ecmeta_*` attributes (hydration) and `zrN-cls-M` classes (styled only by the <style> element
 * removed above). Two fifths of the escalations chart's bytes over 90 days.
 */
export function withoutScriptMarks(svg: string): string {
  return svg.replace(/ ecmeta_[a-z_]+="[^"]*"/g, '').replace(/ class="zr\d+-cls-\d+"/g, '');
}

/**
 * The chart as an inline SVG element that scales to its container's width (the viewBox keeps its
 * proportions) and is named by the element `labelledBy` points at.
 */
export function renderChartSvg(option: echarts.EChartsCoreOption, size: SvgSize, labelledBy: string): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption(option);
    const svg = withoutScriptMarks(withoutInlineStyles(chart.renderToSVGString()));
    return svg.replace(
      /^<svg width="\d+" height="\d+"/,
      `<svg width="100%" role="img" aria-labelledby="${escapeAttr(labelledBy)}" focusable="false"`,
    );
  } finally {
    chart.dispose();
  }
}

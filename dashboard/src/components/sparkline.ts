const SVG = 'http://www.w3.org/2000/svg';

/**
 * A small line of values between 0 and 1 (remaining fractions), oldest left; a dashed line marks
 * `threshold`. Decorative next to the numbers it sits beside, so hidden from assistive technology.
 */
export function sparkline(values: number[], threshold: number, width = 160, height = 32): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  svg.setAttribute('class', 'sparkline');
  svg.setAttribute('aria-hidden', 'true');
  const y = (v: number): number => 2 + (1 - Math.min(1, Math.max(0, v))) * (height - 4);
  const guide = document.createElementNS(SVG, 'line');
  guide.setAttribute('x1', '0');
  guide.setAttribute('x2', String(width));
  guide.setAttribute('y1', String(y(threshold)));
  guide.setAttribute('y2', String(y(threshold)));
  guide.setAttribute('class', 'sparkline-threshold');
  svg.append(guide);
  if (values.length > 0) {
    const step = values.length > 1 ? width / (values.length - 1) : 0;
    const d = values.map((v, i) => `${i === 0 ? 'M' : 'L'}${(i * step).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
    const path = document.createElementNS(SVG, 'path');
    path.setAttribute('d', values.length > 1 ? d : `${d} L${width},${y(values[0]!).toFixed(1)}`);
    path.setAttribute('class', 'sparkline-line');
    svg.append(path);
  }
  return svg;
}

import { html, type SafeHtml } from '../functions/pages/html.ts';
import type { LaidOutEdge, LaidOutGraph, LaidOutNode } from './asl-layout.ts';
import type { Box, StateStatus } from './graph-types.ts';

export type { StateStatus };

const STATUS_WORDS: Record<StateStatus, string> = {
  active: 'in progress',
  succeeded: 'succeeded',
  failed: 'failed',
  stopped: 'stopped here',
};

/**
 * The laid-out state machine as inline SVG, coloured as the Step Functions console colours an
 * execution: in progress blue (and thicker, and marked "now"), succeeded green, failed red, not
 * reached white. Styling is by class (the page's stylesheet), so no inline style is needed.
 */
export const GRAPH_MARGIN = 12;

/** What the "now" mark of a state says beside "now": the products waiting there, when per product. */
export type NowLabels = ReadonlyMap<string, string>;

export function graphSvg(
  graph: LaidOutGraph,
  statuses: ReadonlyMap<string, StateStatus>,
  title: string,
  options: { focus?: Box; nowLabels?: NowLabels } = {},
): SafeHtml {
  const margin = GRAPH_MARGIN;
  const full = {
    x: 0,
    y: 0,
    width: Math.ceil(graph.width + margin * 2),
    height: Math.ceil(graph.height + margin * 2),
  };
  // Focused: the window around the states in progress, at full size; the rest is a link away.
  const view = options.focus ?? full;
  const labels = options.nowLabels ?? new Map<string, string>();
  return html`<svg class="graph" xmlns="http://www.w3.org/2000/svg" width="${view.width}" height="${view.height}" viewBox="${view.x} ${view.y} ${view.width} ${view.height}" role="img" aria-labelledby="graph-title">
<title id="graph-title">${title}</title>
<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" class="arrow-head"/></marker></defs>
<g transform="translate(${margin} ${margin})">${drawGraph(graph, statuses, labels)}</g>
</svg>`;
}

function drawGraph(
  graph: LaidOutGraph,
  statuses: ReadonlyMap<string, StateStatus>,
  labels: NowLabels,
): SafeHtml {
  return html`<g transform="translate(${graph.x} ${graph.y})">
${graph.edges.map(drawEdge)}
${graph.nodes.map((node) => drawNode(node, statuses, labels))}
</g>`;
}

function drawEdge(edge: LaidOutEdge): SafeHtml {
  const d = edge.points
    .map((point, index) => `${index === 0 ? 'M' : 'L'} ${round(point.x)} ${round(point.y)}`)
    .join(' ');
  return html`<path class="edge edge-${edge.kind}" d="${d}" marker-end="url(#arrow)"/>`;
}

function drawNode(
  node: LaidOutNode,
  statuses: ReadonlyMap<string, StateStatus>,
  labels: NowLabels,
): SafeHtml {
  const status = node.name ? statuses.get(node.name) : undefined;
  const classes = `node node-${node.kind}`;
  // Kind and status classes sit on the node's own shape, so a box's status never styles what is inside it.
  const shape = `shape kind-${node.kind} state-${status ?? 'none'}`;
  const label = node.name
    ? `${node.name}${status ? ` (${STATUS_WORDS[status]})` : ' (not reached)'}`
    : node.lines.join(' ');
  if (node.kind === 'start' || node.kind === 'end') {
    return html`<g class="${classes}"><title>${label}</title><rect class="${shape}" x="${node.x}" y="${node.y}" width="${node.width}" height="${node.height}" rx="${node.height / 2}"/><text x="${node.x + node.width / 2}" y="${node.y + node.height / 2 + 4}" text-anchor="middle">${node.lines[0]}</text></g>`;
  }
  if (node.kind === 'map' || node.kind === 'parallel') {
    return html`<g class="${classes}" data-state="${node.name}"><title>${label}</title>
<rect class="${shape} box" x="${node.x}" y="${node.y}" width="${node.width}" height="${node.height}" rx="6"/>
${node.lines.map((line, index) => html`<text class="box-title" x="${node.x + 12}" y="${node.y + 20 + index * 15}">${line}</text>`)}
<text class="box-kind" x="${node.x + node.width - 12}" y="${node.y + 20}" text-anchor="end">${node.kind === 'map' ? 'Map: each product' : 'Parallel'}</text>
<g transform="translate(${node.x} ${node.y})">${node.children.map((child) => drawGraph(child, statuses, labels))}</g>
</g>`;
  }
  const rx = node.kind === 'wait' ? 14 : node.kind === 'choice' ? 2 : 4;
  return html`<g class="${classes}" data-state="${node.name}"><title>${label}</title>
<rect class="${shape}" x="${node.x}" y="${node.y}" width="${node.width}" height="${node.height}" rx="${rx}"/>
${node.lines.map(
  (line, index) =>
    html`<text x="${node.x + node.width / 2}" y="${node.y + 13 + (index + 1) * 15 - 4}" text-anchor="middle">${line}</text>`,
)}
${status === 'active' && html`<text class="now" x="${node.x + node.width - 6}" y="${node.y - 4}" text-anchor="end">${labels.get(node.name) ? `now: ${labels.get(node.name)}` : 'now'}</text>`}
</g>`;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

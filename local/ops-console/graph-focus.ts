import type { LaidOutGraph } from './asl-layout.ts';
import type { StateStatus } from './graph-svg.ts';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The part of the graph around the states in progress, in the SVG's own coordinates: the page shows
 * this window first, so the highlighted "now" states are on screen without scrolling. Undefined when
 * nothing is in progress (then the whole graph is shown).
 */
export function focusBox(
  graph: LaidOutGraph,
  statuses: ReadonlyMap<string, StateStatus>,
  margin: number,
  padding = 90,
): Box | undefined {
  const boxes: Box[] = [];
  const walk = (sub: LaidOutGraph, offsetX: number, offsetY: number) => {
    const x0 = offsetX + sub.x;
    const y0 = offsetY + sub.y;
    for (const node of sub.nodes) {
      if (node.name && statuses.get(node.name) === 'active' && node.children.length === 0)
        boxes.push({ x: x0 + node.x, y: y0 + node.y, width: node.width, height: node.height });
      for (const child of node.children) walk(child, x0 + node.x, y0 + node.y);
    }
  };
  walk(graph, margin, margin);
  if (boxes.length === 0) return undefined;
  const left = Math.min(...boxes.map((box) => box.x)) - padding;
  const top = Math.min(...boxes.map((box) => box.y)) - padding;
  const right = Math.max(...boxes.map((box) => box.x + box.width)) + padding;
  const bottom = Math.max(...boxes.map((box) => box.y + box.height)) + padding;
  const x = Math.max(0, Math.floor(left));
  const y = Math.max(0, Math.floor(top));
  return { x, y, width: Math.ceil(right) - x, height: Math.ceil(bottom) - y };
}

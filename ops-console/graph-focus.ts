import type { LaidOutGraph } from './asl-layout.ts';
import type { Box, StateStatus } from './graph-types.ts';

export type { Box };

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
  const window = {
    left: Math.min(...boxes.map((box) => box.x)) - padding,
    top: Math.min(...boxes.map((box) => box.y)) - padding,
    right: Math.max(...boxes.map((box) => box.x + box.width)) + padding,
    bottom: Math.max(...boxes.map((box) => box.y + box.height)) + padding,
  };
  wholeNodes(window, shapesOf(graph, margin));
  const x = Math.max(0, Math.floor(window.left));
  const y = Math.max(0, Math.floor(window.top));
  return { x, y, width: Math.ceil(window.right) - x, height: Math.ceil(window.bottom) - y };
}

/** Space above a state for its "now" mark, so a window never cuts it. */
const NOW_MARK = 18;

/** Every state's box (with room for its "now" mark) and every container's title row, in SVG coordinates. */
function shapesOf(graph: LaidOutGraph, margin: number): Box[] {
  const shapes: Box[] = [];
  const walk = (sub: LaidOutGraph, offsetX: number, offsetY: number) => {
    const x0 = offsetX + sub.x;
    const y0 = offsetY + sub.y;
    for (const node of sub.nodes) {
      const x = x0 + node.x;
      const y = y0 + node.y;
      if (node.children.length === 0)
        shapes.push({ x, y: y - NOW_MARK, width: node.width, height: node.height + NOW_MARK });
      else shapes.push({ x, y, width: node.width, height: 20 + node.lines.length * 15 });
      for (const child of node.children) walk(child, x, y);
    }
  };
  walk(graph, margin, margin);
  return shapes;
}

/**
 * Widens the window until no state it touches is cut: a label is shown whole or not at all. Widening
 * can touch more states, so it repeats until nothing changes (at most once per state).
 */
function wholeNodes(
  window: { left: number; top: number; right: number; bottom: number },
  shapes: readonly Box[],
): void {
  for (let changed = true; changed; ) {
    changed = false;
    for (const shape of shapes) {
      const touches =
        shape.x < window.right &&
        shape.x + shape.width > window.left &&
        shape.y < window.bottom &&
        shape.y + shape.height > window.top;
      if (!touches) continue;
      const next = {
        left: Math.min(window.left, shape.x),
        top: Math.min(window.top, shape.y),
        right: Math.max(window.right, shape.x + shape.width),
        bottom: Math.max(window.bottom, shape.y + shape.height),
      };
      if (
        next.left === window.left &&
        next.top === window.top &&
        next.right === window.right &&
        next.bottom === window.bottom
      )
        continue;
      Object.assign(window, next);
      changed = true;
    }
  }
}

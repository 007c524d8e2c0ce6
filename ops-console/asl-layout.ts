import { type AslMachine, type AslState, isHumanWait, transitionsOf } from '../statemachine/definition.ts';

/**
 * Lays out an ASL state machine as a top-to-bottom graph, as the Step Functions console's graph view
 * does: ranks by longest path from the start, back edges routed on the left, reminder loops (a catch
 * on States.Timeout whose handler returns to the same task) drawn beside their task, and Parallel and
 * Map states as boxes around their own layouts. Pure geometry: `graph-svg.ts` draws it.
 */
export type NodeKind =
  | 'start'
  | 'end'
  | 'wait'
  | 'task'
  | 'choice'
  | 'succeed'
  | 'fail'
  | 'parallel'
  | 'map'
  | 'other';

export interface Point {
  x: number;
  y: number;
}

export interface LaidOutNode {
  /** The state name ('' for the start and end markers). */
  name: string;
  kind: NodeKind;
  x: number;
  y: number;
  width: number;
  height: number;
  lines: string[];
  /** Parallel branches or a Map's processor, positioned relative to this node's top-left corner. */
  children: LaidOutGraph[];
}

export interface LaidOutEdge {
  from: string;
  to: string;
  kind: 'next' | 'timeout' | 'back';
  points: Point[];
}

export interface LaidOutGraph {
  x: number;
  y: number;
  width: number;
  height: number;
  nodes: LaidOutNode[];
  edges: LaidOutEdge[];
}

const NODE_WIDTH = 190;
const LINE_HEIGHT = 15;
const CHARS_PER_LINE = 27;
const RANK_GAP = 44;
const NODE_GAP = 28;
const SATELLITE_GAP = 36;
const LANE_GAP = 12;
const BOX_PADDING = 18;
const BOX_HEADER = 40;
const MARKER = 28;

export function layoutMachine(machine: AslMachine): LaidOutGraph {
  return layoutScope(machine, true);
}

interface Block {
  name: string;
  node: LaidOutNode;
  satellite?: LaidOutNode;
  rank: number;
  order: number;
  /** Width including the satellite beside the node. */
  span: number;
}

function layoutScope(machine: AslMachine, topLevel: boolean): LaidOutGraph {
  const states = machine.States;
  const names = Object.keys(states);
  const targets = new Map(names.map((name) => [name, [...new Set(transitionsOf(states[name] as AslState))]]));
  const satelliteOf = findSatellites(states);
  const owners = new Map([...satelliteOf].map(([satellite, owner]) => [owner, satellite]));

  // Nodes of the main flow (satellites ride along with their owner), plus start and end markers.
  const flow = names.filter((name) => !satelliteOf.has(name));
  const START = '\u0000start';
  const END = '\u0000end';
  const edges: [string, string][] = [];
  for (const name of flow) {
    for (const target of targets.get(name) ?? []) if (!satelliteOf.has(target)) edges.push([name, target]);
    if (topLevel && (states[name] as AslState).End) edges.push([name, END]);
  }
  if (topLevel) edges.unshift([START, machine.StartAt]);
  const all = topLevel ? [START, ...flow, END] : flow;
  const first = topLevel ? START : machine.StartAt;

  // Depth-first from the start: edges to a state still on the stack are back edges.
  const back = new Set<string>();
  const discovered: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const visit = (name: string) => {
    state.set(name, 'open');
    discovered.push(name);
    for (const [from, to] of edges) {
      if (from !== name) continue;
      if (state.get(to) === 'open') back.add(`${from}\u0001${to}`);
      else if (!state.has(to)) visit(to);
    }
    state.set(name, 'done');
  };
  visit(first);
  for (const name of all) if (!state.has(name)) visit(name);
  const forward = edges.filter(([from, to]) => !back.has(`${from}\u0001${to}`));

  // Longest path ranks over the forward edges (a DAG), in discovery order until nothing changes.
  const rank = new Map(all.map((name) => [name, 0]));
  for (let changed = true, guard = 0; changed && guard < all.length + 2; guard++) {
    changed = false;
    for (const [from, to] of forward) {
      const candidate = (rank.get(from) ?? 0) + 1;
      if (candidate > (rank.get(to) ?? 0)) {
        rank.set(to, candidate);
        changed = true;
      }
    }
  }

  const nodes = new Map<string, LaidOutNode>();
  for (const name of all) {
    if (name === START) nodes.set(name, marker('start'));
    else if (name === END) nodes.set(name, marker('end'));
    else nodes.set(name, nodeFor(name, states[name] as AslState));
  }
  const satelliteNodes = new Map(
    [...owners].map(([owner, satellite]) => [owner, nodeFor(satellite, states[satellite] as AslState)]),
  );

  // Blocks per rank. Edges between neighbouring ranks pull blocks into line; edges that skip ranks
  // (or go back up) are routed in lanes on the left, so the main path stays a straight spine.
  const blocks = new Map<string, Block>();
  const order = new Map(discovered.map((name, index) => [name, index]));
  for (const name of all) {
    const node = nodes.get(name) as LaidOutNode;
    const satellite = satelliteNodes.get(name);
    blocks.set(name, {
      name,
      node,
      satellite,
      rank: rank.get(name) ?? 0,
      order: order.get(name) ?? 0,
      span: node.width + (satellite ? SATELLITE_GAP + satellite.width : 0),
    });
  }
  const adjacent = forward.filter(([from, to]) => (rank.get(to) ?? 0) - (rank.get(from) ?? 0) === 1);
  const laned = edges.filter(([from, to]) => !adjacent.some(([a, b]) => a === from && b === to));
  const neighbours = new Map<string, { up: string[]; down: string[] }>();
  for (const name of all) neighbours.set(name, { up: [], down: [] });
  for (const [upper, lower] of adjacent) {
    neighbours.get(upper)?.down.push(lower);
    neighbours.get(lower)?.up.push(upper);
  }

  const rankCount = Math.max(0, ...[...blocks.values()].map((block) => block.rank)) + 1;
  const ranks: Block[][] = Array.from({ length: rankCount }, () => []);
  for (const block of blocks.values()) ranks[block.rank]?.push(block);
  for (const row of ranks) row.sort((a, b) => a.order - b.order);

  // Barycenter sweeps reduce crossings: order each rank by the mean position of its neighbours.
  const position = () => {
    const at = new Map<string, number>();
    for (const row of ranks) {
      row.forEach((block, index) => {
        at.set(block.name, index);
      });
    }
    return at;
  };
  for (let sweep = 0; sweep < 6; sweep++) {
    const downward = sweep % 2 === 0;
    const at = position();
    for (const row of downward ? ranks.slice(1) : ranks.slice(0, -1).reverse()) {
      const keyOf = (block: Block) => {
        const linked = (downward ? neighbours.get(block.name)?.up : neighbours.get(block.name)?.down) ?? [];
        if (linked.length === 0) return at.get(block.name) ?? 0;
        return linked.reduce((sum, name) => sum + (at.get(name) ?? 0), 0) / linked.length;
      };
      const keys = new Map(row.map((block) => [block.name, keyOf(block)]));
      row.sort((a, b) => (keys.get(a.name) ?? 0) - (keys.get(b.name) ?? 0));
      row.forEach((block, index) => {
        at.set(block.name, index);
      });
    }
  }

  // x: pack each rank, then pull blocks toward their neighbours' centres without breaking the order.
  const center = new Map<string, number>();
  for (const row of ranks) {
    let x = 0;
    for (const block of row) {
      center.set(block.name, x + block.node.width / 2);
      x += block.span + NODE_GAP;
    }
  }
  for (let pass = 0; pass < 12; pass++) {
    const rows = pass % 2 === 0 ? ranks : [...ranks].reverse();
    for (const row of rows) {
      for (const block of row) {
        const linked = [
          ...(neighbours.get(block.name)?.up ?? []),
          ...(neighbours.get(block.name)?.down ?? []),
        ];
        if (linked.length === 0) continue;
        const xs = linked.map((name) => center.get(name) ?? 0).sort((a, b) => a - b);
        const median =
          ((xs[Math.floor((xs.length - 1) / 2)] ?? 0) + (xs[Math.ceil((xs.length - 1) / 2)] ?? 0)) / 2;
        center.set(block.name, median);
      }
      // Resolve overlaps left to right, then right to left, keeping the order.
      for (let i = 1; i < row.length; i++) {
        const left = row[i - 1] as Block;
        const right = row[i] as Block;
        const min =
          (center.get(left.name) ?? 0) - left.node.width / 2 + left.span + NODE_GAP + right.node.width / 2;
        if ((center.get(right.name) ?? 0) < min) center.set(right.name, min);
      }
    }
  }
  // Straighten chains: a block whose only upper neighbour has only it below sits right under it.
  for (const row of ranks) {
    row.forEach((block, index) => {
      const up = neighbours.get(block.name)?.up ?? [];
      const parent = up[0];
      if (up.length !== 1 || !parent || (neighbours.get(parent)?.down.length ?? 0) !== 1) return;
      const want = center.get(parent) ?? 0;
      const left = row[index - 1];
      const right = row[index + 1];
      const fitsLeft =
        !left ||
        (center.get(left.name) ?? 0) - left.node.width / 2 + left.span + NODE_GAP <=
          want - block.node.width / 2;
      const fitsRight =
        !right ||
        want - block.node.width / 2 + block.span + NODE_GAP <=
          (center.get(right.name) ?? 0) - right.node.width / 2;
      if (fitsLeft && fitsRight) center.set(block.name, want);
    });
  }
  const minLeft = Math.min(
    ...[...blocks.values()].map((block) => (center.get(block.name) ?? 0) - block.node.width / 2),
  );

  // y: each rank as tall as its tallest node.
  const leftMargin = laned.length * LANE_GAP + (laned.length > 0 ? LANE_GAP : 0);
  let y = 0;
  const rankTop: number[] = [];
  const rankHeight: number[] = [];
  for (const row of ranks) {
    const height = Math.max(
      8,
      ...row.map((block) => Math.max(block.node.height, block.satellite?.height ?? 0)),
    );
    rankTop.push(y);
    rankHeight.push(height);
    y += height + RANK_GAP;
  }
  for (const block of blocks.values()) {
    const left = (center.get(block.name) ?? 0) - block.node.width / 2 - minLeft + leftMargin;
    const top = (rankTop[block.rank] ?? 0) + ((rankHeight[block.rank] ?? 0) - block.node.height) / 2;
    block.node.x = left;
    block.node.y = top;
    if (block.satellite) {
      block.satellite.x = left + block.node.width + SATELLITE_GAP;
      block.satellite.y =
        (rankTop[block.rank] ?? 0) + ((rankHeight[block.rank] ?? 0) - block.satellite.height) / 2;
    }
  }

  const laidEdges: LaidOutEdge[] = [];
  const bottom = (node: LaidOutNode) => ({ x: node.x + node.width / 2, y: node.y + node.height });
  const top = (node: LaidOutNode) => ({ x: node.x + node.width / 2, y: node.y });
  for (const [from, to] of adjacent) {
    const source = nodes.get(from) as LaidOutNode;
    const target = nodes.get(to) as LaidOutNode;
    const a = bottom(source);
    const b = top(target);
    // Straight down when aligned; otherwise down, across in the gap between ranks, and down again.
    const mid = (a.y + b.y) / 2;
    const points = Math.abs(a.x - b.x) < 1 ? [a, b] : [a, { x: a.x, y: mid }, { x: b.x, y: mid }, b];
    laidEdges.push({ from, to, kind: timeoutEdge(states[from], to) ? 'timeout' : 'next', points });
  }
  // Lanes: the shortest vertical runs nearest the nodes, so lanes cross as little as possible.
  const run = ([from, to]: [string, string]) => Math.abs((rank.get(to) ?? 0) - (rank.get(from) ?? 0));
  [...laned]
    .sort((a, b) => run(a) - run(b))
    .forEach(([from, to], index) => {
      const source = nodes.get(from) as LaidOutNode;
      const target = nodes.get(to) as LaidOutNode;
      const lane = leftMargin - (index + 1) * LANE_GAP;
      const a = bottom(source);
      const b = top(target);
      const drop = 6 + (index % 5) * 5;
      laidEdges.push({
        from,
        to,
        kind:
          (rank.get(to) ?? 0) <= (rank.get(from) ?? 0)
            ? 'back'
            : timeoutEdge(states[from], to)
              ? 'timeout'
              : 'next',
        points: [
          a,
          { x: a.x, y: a.y + drop },
          { x: lane, y: a.y + drop },
          { x: lane, y: b.y - drop },
          { x: b.x, y: b.y - drop },
          b,
        ],
      });
    });
  for (const [owner, satellite] of satelliteNodes) {
    const task = nodes.get(owner) as LaidOutNode;
    const cy = task.y + task.height / 2;
    laidEdges.push(
      {
        from: owner,
        to: satellite.name,
        kind: 'timeout',
        points: [
          { x: task.x + task.width, y: cy - 7 },
          { x: satellite.x, y: cy - 7 },
        ],
      },
      {
        from: satellite.name,
        to: owner,
        kind: 'next',
        points: [
          { x: satellite.x, y: cy + 7 },
          { x: task.x + task.width, y: cy + 7 },
        ],
      },
    );
  }

  const placed = [...nodes.values(), ...satelliteNodes.values()];
  const width = Math.max(...placed.map((node) => node.x + node.width));
  const height = Math.max(...placed.map((node) => node.y + node.height));
  return { x: 0, y: 0, width, height, nodes: placed, edges: laidEdges };
}

/** Reminder tasks: the target of a States.Timeout catch whose Next is the task that timed out. */
function findSatellites(states: Record<string, AslState>): Map<string, string> {
  const found = new Map<string, string>();
  for (const [name, state] of Object.entries(states)) {
    for (const catcher of state.Catch ?? []) {
      const handler = states[catcher.Next];
      if (
        catcher.ErrorEquals.includes('States.Timeout') &&
        handler?.Next === name &&
        !handler.Catch?.length
      ) {
        found.set(catcher.Next, name);
      }
    }
  }
  return found;
}

function timeoutEdge(state: AslState | undefined, to: string): boolean {
  return (state?.Catch ?? []).some((c) => c.Next === to && c.ErrorEquals.includes('States.Timeout'));
}

function marker(kind: 'start' | 'end'): LaidOutNode {
  return {
    name: '',
    kind,
    x: 0,
    y: 0,
    width: MARKER * 2,
    height: MARKER,
    lines: [kind === 'start' ? 'Start' : 'End'],
    children: [],
  };
}

function nodeFor(name: string, state: AslState): LaidOutNode {
  const lines = wrap(name);
  const base = { name, x: 0, y: 0, lines };
  if (state.Type === 'Parallel' || state.Type === 'Map') {
    const inner =
      state.Type === 'Map'
        ? [layoutScope(state.ItemProcessor as AslMachine, false)]
        : (state.Branches ?? []).map((branch) => layoutScope(branch, false));
    let x = BOX_PADDING;
    const header = BOX_HEADER + (lines.length - 1) * LINE_HEIGHT;
    for (const child of inner) {
      child.x = x;
      child.y = header;
      x += child.width + BOX_PADDING * 2;
    }
    const width = Math.max(NODE_WIDTH, x - BOX_PADDING);
    const height = header + Math.max(0, ...inner.map((child) => child.height)) + BOX_PADDING;
    return { ...base, kind: state.Type === 'Map' ? 'map' : 'parallel', width, height, children: inner };
  }
  const kind: NodeKind = isHumanWait(state)
    ? 'wait'
    : state.Type === 'Task'
      ? 'task'
      : state.Type === 'Choice'
        ? 'choice'
        : state.Type === 'Succeed'
          ? 'succeed'
          : state.Type === 'Fail'
            ? 'fail'
            : 'other';
  return { ...base, kind, width: NODE_WIDTH, height: lines.length * LINE_HEIGHT + 18, children: [] };
}

/** Splits a state name into lines of at most CHARS_PER_LINE characters, at spaces. */
export function wrap(text: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && `${line} ${word}`.length > CHARS_PER_LINE) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** A rectangle in the graph's own coordinates (the window the page opens on). */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** How far an execution got in each state, from its history (see `execution-states.ts`). */
export type StateStatus = 'active' | 'succeeded' | 'failed' | 'stopped';

/** The detail page's people and stop forms: each asks the one decision point, then the same domain function as the CLI and the people API. */
export type ConsoleAction = 'hand-over' | 'contact' | 'rep' | 'stop';

export const CONSOLE_ACTIONS: readonly ConsoleAction[] = ['hand-over', 'contact', 'rep', 'stop'];

/**
 * The detail page's forms that change something: people, stop, and a question or answer on a
 * waiting step. Each asks the one decision point, then the same domain function as the CLI and the
 * people API.
 */
export type ConsoleAction = 'hand-over' | 'contact' | 'rep' | 'stop' | 'message';

export const CONSOLE_ACTIONS: readonly ConsoleAction[] = ['hand-over', 'contact', 'rep', 'stop', 'message'];

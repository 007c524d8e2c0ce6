import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/** A refused request: 421 (not a loopback host) or 403 (a change sent from another origin). */
export interface LocalRefusal {
  status: 421 | 403;
  message: string;
}

export const LOOPBACK_HOST_NAMES: ReadonlySet<string>;
export function hostNameOf(host: string | undefined): string;
export function localRequestRefusal(
  request: Pick<IncomingMessage, 'headers' | 'method'>,
): LocalRefusal | undefined;
export function answerRefusal(
  request: Pick<IncomingMessage, 'headers'>,
  response: ServerResponse,
  refusal: LocalRefusal,
): void;
export function guardLocalServer<S extends Server>(server: S): S;

import { readdirSync, readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import {
  LIFECYCLE_DETAIL_TYPES,
  type LifecycleDetailType,
  type LifecycleEvent,
} from '../../functions/lifecycle/lifecycle-events.ts';

export const SCHEMA_FOLDER = new URL('../../functions/lifecycle/schemas/', import.meta.url);

/** `Stage Entered` -> `stage-entered.v1.json`: each detail type's schema file, version by version. */
export function schemaFileOf(detailType: LifecycleDetailType, version = 1): string {
  return `${detailType.toLowerCase().replaceAll(' ', '-')}.v${version}.json`;
}

export function schemaFiles(): string[] {
  return readdirSync(SCHEMA_FOLDER).filter((file) => file.endsWith('.json'));
}

export function readSchema(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(file, SCHEMA_FOLDER), 'utf8')) as Record<string, unknown>;
}

const ajv = new Ajv({ allErrors: true, strict: true });
const validators = new Map<LifecycleDetailType, ValidateFunction>(
  LIFECYCLE_DETAIL_TYPES.map((type) => [type, ajv.compile(readSchema(schemaFileOf(type)))]),
);

/** What is wrong with an event against its detail type's schema (`[]` when it validates). */
export function schemaProblems(event: { detailType: string; detail: unknown }): string[] {
  const validate = validators.get(event.detailType as LifecycleDetailType);
  if (!validate) return [`"${event.detailType}" is not a detail type of the closed list`];
  if (validate(event.detail)) return [];
  return (validate.errors ?? []).map((error) => `${event.detailType}${error.instancePath} ${error.message}`);
}

/** Expects every event to validate; returns them for further checks. */
export function assertValid(events: readonly LifecycleEvent[]): void {
  const problems = events.flatMap((event) => schemaProblems(event));
  if (problems.length > 0) throw new Error(`Events that do not validate:\n${problems.join('\n')}`);
}

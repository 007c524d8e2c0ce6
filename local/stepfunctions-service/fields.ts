import { WorkflowServiceError } from '../stepfunctions/index.ts';
import { ProtocolError } from './protocol-error.ts';

/**
 * Typed access to a request's JSON fields. A field of the wrong JSON type is a SerializationException
 * (AWS's answer when a body does not match the operation's shape); a missing required one is a
 * ValidationException worded like AWS's. Messages name the field, never echo its value (it may be a
 * task token).
 */
export class RequestFields {
  constructor(private readonly body: Record<string, unknown>) {}

  /** The body of a request, which the JSON protocols always send as an object (`{}` when empty). */
  static parse(text: string): RequestFields {
    if (text.trim() === '') return new RequestFields({});
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      // The parser's message quotes the body, which may hold a task token: not worth echoing.
      throw new ProtocolError('SerializationException', 'The request body is not valid JSON');
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new ProtocolError('SerializationException', 'The request body must be a JSON object');
    }
    return new RequestFields(parsed as Record<string, unknown>);
  }

  requiredString(name: string): string {
    const value = this.optionalString(name);
    if (value === undefined || value === '') {
      throw new WorkflowServiceError(
        'ValidationException',
        `1 validation error detected: Value at '${name}' failed to satisfy constraint: Member must not be null or empty`,
      );
    }
    return value;
  }

  optionalString(name: string): string | undefined {
    return this.typed(name, 'string') as string | undefined;
  }

  optionalNumber(name: string): number | undefined {
    return this.typed(name, 'number') as number | undefined;
  }

  optionalBoolean(name: string): boolean | undefined {
    return this.typed(name, 'boolean') as boolean | undefined;
  }

  /** One of `allowed`, checked here because the engine trusts its typed callers. */
  optionalEnum<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const value = this.optionalString(name);
    if (value !== undefined && !(allowed as readonly string[]).includes(value)) {
      throw new WorkflowServiceError(
        'ValidationException',
        `1 validation error detected: Value at '${name}' failed to satisfy constraint: Member must satisfy enum value set: [${allowed.join(', ')}]`,
      );
    }
    return value as T | undefined;
  }

  private typed(name: string, type: 'string' | 'number' | 'boolean'): unknown {
    const value = this.body[name];
    // JSON null means "not set" in the AWS protocols, as an absent field does.
    if (value === undefined || value === null) return undefined;
    if (typeof value !== type) {
      throw new ProtocolError('SerializationException', `Field '${name}' must be a JSON ${type}`);
    }
    return value;
  }
}

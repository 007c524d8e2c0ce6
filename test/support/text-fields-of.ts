import type * as z from 'zod';

/**
 * Every free-text field a schema accepts, found by walking the schema itself (objects, unions,
 * optionals, defaults, pipes, arrays, lazy ones), so a field added later is found too. A field is free text
 * when it accepts "Acme"; enums, literals, patterns (alias, amount) and the like do not.
 */
export function freeTextFieldsOf(schema: z.ZodType, field = ''): string[] {
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> } })._zod.def;
  switch (def.type) {
    case 'object':
      // Fields of a nested object (a team member in a list) are named by their path: "team.name".
      return Object.entries(def.shape as Record<string, z.ZodType>).flatMap(([name, child]) =>
        freeTextFieldsOf(child, field ? `${field}.${name}` : name),
      );
    case 'union':
      return [...new Set((def.options as z.ZodType[]).flatMap((option) => freeTextFieldsOf(option, field)))];
    case 'optional':
    case 'default':
    case 'nullable':
      return freeTextFieldsOf(def.innerType as z.ZodType, field);
    case 'pipe':
      return [
        ...new Set([
          ...freeTextFieldsOf(def.in as z.ZodType, field),
          ...freeTextFieldsOf(def.out as z.ZodType, field),
        ]),
      ];
    case 'array':
      return freeTextFieldsOf(def.element as z.ZodType, field);
    // A schema built on first use (`z.lazy`): walk what it builds.
    case 'lazy':
      return freeTextFieldsOf((def.getter as () => z.ZodType)(), field);
    case 'string':
      return field && schema.safeParse('Acme').success ? [field] : [];
    default:
      return [];
  }
}

/** `answer` with the field at `path` set to `value`; "team.name" sets the name of a one-member team. */
export function withTextAt(
  answer: Record<string, unknown>,
  path: string,
  value: unknown,
): Record<string, unknown> {
  const [list, key] = path.split('.');
  if (!key) return { ...answer, [path]: value };
  const first = (
    Array.isArray(answer[list as string]) ? (answer[list as string] as Record<string, unknown>[]) : []
  )[0];
  return { ...answer, [list as string]: [{ ...first, [key]: value }] };
}

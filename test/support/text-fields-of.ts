import type * as z from 'zod';

/**
 * Every free-text field a schema accepts, found by walking the schema itself (objects, unions,
 * optionals, defaults, pipes, arrays), so a field added later is found too. A field is free text
 * when it accepts "Acme"; enums, literals, patterns (alias, amount) and the like do not.
 */
export function freeTextFieldsOf(schema: z.ZodType, field = ''): string[] {
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> } })._zod.def;
  switch (def.type) {
    case 'object':
      return Object.entries(def.shape as Record<string, z.ZodType>).flatMap(([name, child]) =>
        freeTextFieldsOf(child, name),
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
    case 'string':
      return field && schema.safeParse('Acme').success ? [field] : [];
    default:
      return [];
  }
}

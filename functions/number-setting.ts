/** The bounds of a numeric setting read from the environment. */
export interface NumberSettingRule {
  /** Used when the variable is not set at all. */
  fallback: number;
  min: number;
  max: number;
  /** Only whole numbers. */
  whole?: boolean;
}

/**
 * A numeric setting as the settings have always been read (zod's `z.coerce.number()`: `Number(value)`,
 * so an empty value is 0), or undefined when it is not a number within its bounds. Plain code: it runs
 * at a scheduled function's cold start, where building a schema costs more than the whole check.
 */
export function numberSetting(value: string | undefined, rule: NumberSettingRule): number | undefined {
  if (value === undefined) return rule.fallback;
  const amount = Number(value);
  if (!Number.isFinite(amount) || (rule.whole && !Number.isSafeInteger(amount))) return undefined;
  return amount >= rule.min && amount <= rule.max ? amount : undefined;
}

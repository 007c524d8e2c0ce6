import { describe, expect, it } from 'vitest';
import { numberSetting } from '../../functions/number-setting.ts';

describe('numberSetting', () => {
  const rule = { fallback: 120, min: 0, max: 3600, whole: true };

  it('uses the fallback only when the variable is unset', () => {
    expect(numberSetting(undefined, rule)).toBe(120);
    // As the settings were always read (Number("") is 0): an empty value is 0, not the fallback.
    expect(numberSetting('', rule)).toBe(0);
  });

  it('takes numbers within the bounds, ends included', () => {
    expect(numberSetting('0', rule)).toBe(0);
    expect(numberSetting('3600', rule)).toBe(3600);
    expect(numberSetting(' 42 ', rule)).toBe(42);
    expect(numberSetting('2.5', { ...rule, whole: false })).toBe(2.5);
  });

  it('refuses what is out of bounds, not whole, or not a number', () => {
    for (const value of ['-1', '3601', '2.5', 'ten', 'Infinity', 'NaN']) {
      expect(numberSetting(value, rule), value).toBeUndefined();
    }
    expect(numberSetting('Infinity', { ...rule, whole: false, max: Number.MAX_VALUE })).toBeUndefined();
  });
});

import { type HtmlValue, html, type SafeHtml } from './html.ts';

/**
 * Accessible form controls: every control has a bound <label> (or a <legend> for groups), and its
 * hint and error are tied to it with aria-describedby, so screen readers announce them with it.
 * Controls record the names they render, so the error summary links only to fields that exist.
 */
export interface FormState {
  errors: Record<string, string>;
  values: Record<string, string | string[]>;
  /** Names of visible fields rendered so far, in page order. */
  rendered: string[];
}

export function formState(
  errors: Record<string, string> = {},
  values: Record<string, string | string[]> = {},
): FormState {
  return { errors, values, rendered: [] };
}

export function fieldId(name: string): string {
  return `field-${name}`;
}

interface Described {
  name: string;
  hint?: HtmlValue;
}

interface TextOptions extends Described {
  label: string;
  required?: boolean;
  autocomplete?: string;
  inputmode?: 'text' | 'decimal';
  pattern?: string;
  /** Short inputs (alias, amount) are narrow, hinting at the expected length. */
  short?: boolean;
  /** Identifiers and names: no spell-check or autocorrect. */
  verbatim?: boolean;
  /** Shown before anything was posted (the signer's name from the contact on file). */
  defaultValue?: string;
}

export function textInput(state: FormState, options: TextOptions): SafeHtml {
  const { name } = options;
  const value = firstValue(state, name) ?? options.defaultValue;
  const input = html`<input type="text" id="${fieldId(name)}" name="${name}"${
    value !== undefined && html` value="${value}"`
  }${attributes(state, options)}${textAttributes(options)}>`;
  return field(
    state,
    options,
    html`<label for="${fieldId(name)}">${options.label}</label>
${hintAndError(state, options)}${input}`,
  );
}

function textAttributes(options: TextOptions): SafeHtml {
  return html`${options.short && html` class="short"`}${
    options.autocomplete && html` autocomplete="${options.autocomplete}"`
  }${options.inputmode && html` inputmode="${options.inputmode}"`}${options.pattern && html` pattern="${options.pattern}"`}${
    options.verbatim && html` spellcheck="false" autocapitalize="off" autocorrect="off"`
  }`;
}

export function textArea(
  state: FormState,
  options: Described & { label: string; required?: boolean; rows?: number },
): SafeHtml {
  const { name } = options;
  const value = state.values[name];
  const text = Array.isArray(value) ? value.join('\n') : (value ?? '');
  // A newline right after <textarea> is dropped by parsers; one is added so a value's own first newline survives.
  return field(
    state,
    options,
    html`<label for="${fieldId(name)}">${options.label}</label>
${hintAndError(state, options)}<textarea id="${fieldId(name)}" name="${name}" rows="${options.rows ?? 4}"${attributes(state, options)}>
${text}</textarea>`,
  );
}

export function select(
  state: FormState,
  options: Described & { label: string; choices: readonly string[]; defaultValue: string },
): SafeHtml {
  const { name } = options;
  const chosen = firstValue(state, name) ?? options.defaultValue;
  return field(
    state,
    options,
    html`<label for="${fieldId(name)}">${options.label}</label>
${hintAndError(state, options)}<select id="${fieldId(name)}" name="${name}" class="short"${attributes(state, options)}>${options.choices.map(
      (choice) => html`<option value="${choice}"${choice === chosen && html` selected`}>${choice}</option>`,
    )}</select>`,
  );
}

export interface Choice {
  value: string;
  label: string;
  hint?: string;
}

/** A group of radios (one answer) or checkboxes (several), in a fieldset named by its legend. */
export function choiceGroup(
  state: FormState,
  options: Described & { type: 'radio' | 'checkbox'; legend: string; choices: Choice[]; required?: boolean },
): SafeHtml {
  const { name } = options;
  const chosen = new Set(allValues(state, name));
  state.rendered.push(name);
  // The first option carries the field's id, so the error summary's link lands on the group.
  const optionId = (index: number) => (index === 0 ? fieldId(name) : `${fieldId(name)}-${index + 1}`);
  return html`<fieldset class="field${state.errors[name] !== undefined && ' field-error'}"${describedBy(state, options)}>
<legend>${options.legend}</legend>
${hintAndError(state, options)}${options.choices.map(
  (choice, index) => html`<div class="choice">
<input type="${options.type}" id="${optionId(index)}" name="${name}" value="${choice.value}"${chosen.has(choice.value) && html` checked`}${options.required && options.type === 'radio' && html` required`}${choice.hint && html` aria-describedby="${optionId(index)}-item-hint"`}>
<div><label for="${optionId(index)}">${choice.label}</label>${choice.hint && html`<p class="hint" id="${optionId(index)}-item-hint">${choice.hint}</p>`}</div>
</div>`,
)}
</fieldset>`;
}

/** One checkbox that must be ticked (accept, confirm); it submits `value` only when ticked. */
export function checkbox(
  state: FormState,
  options: Described & { label: HtmlValue; value: string },
): SafeHtml {
  const { name } = options;
  const checked = allValues(state, name).includes(options.value);
  return field(
    state,
    options,
    html`${hintAndError(state, options)}<div class="choice">
<input type="checkbox" id="${fieldId(name)}" name="${name}" value="${options.value}"${checked && html` checked`} required${describedBy(state, options)}${state.errors[name] !== undefined && html` aria-invalid="true"`}>
<label for="${fieldId(name)}">${options.label}</label>
</div>`,
  );
}

/** A value the page carries back unchanged (the agreement version the person read). */
export function hidden(name: string, value: string): SafeHtml {
  return html`<input type="hidden" name="${name}" value="${value}">`;
}

function field(state: FormState, options: Described, control: SafeHtml): SafeHtml {
  state.rendered.push(options.name);
  return html`<div class="field${state.errors[options.name] !== undefined && ' field-error'}">
${control}
</div>`;
}

function hintAndError(state: FormState, options: Described): SafeHtml {
  const id = fieldId(options.name);
  const error = state.errors[options.name];
  return html`${options.hint !== undefined && html`<p class="hint" id="${id}-hint">${options.hint}</p>\n`}${
    error !== undefined &&
    html`<p class="error-message" id="${id}-error"><span class="visually-hidden">Error: </span>${error}</p>\n`
  }`;
}

function describedBy(state: FormState, options: Described): SafeHtml {
  const id = fieldId(options.name);
  const ids = [
    options.hint !== undefined ? `${id}-hint` : undefined,
    state.errors[options.name] !== undefined ? `${id}-error` : undefined,
  ].filter((entry) => entry !== undefined);
  return html`${ids.length > 0 && html` aria-describedby="${ids.join(' ')}"`}`;
}

function attributes(state: FormState, options: Described & { required?: boolean }): SafeHtml {
  return html`${describedBy(state, options)}${options.required && html` required`}${
    state.errors[options.name] !== undefined && html` aria-invalid="true"`
  }`;
}

function allValues(state: FormState, name: string): string[] {
  const value = state.values[name];
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

function firstValue(state: FormState, name: string): string | undefined {
  return allValues(state, name)[0];
}

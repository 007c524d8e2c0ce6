import { array, literal, preprocess, string, enum as zodEnum } from 'zod';
import { multiLineText, singleLineText, wellFormedText } from './text-fields.ts';

/**
 * What a decision form's field builds its schema from: the parts of the schema library the forms use,
 * and the one text check. It is handed to each field's `schema` the first time a submission is judged
 * (`parse-decision.ts`), so the forms themselves (`decision-forms.ts`) import no schema library: the
 * pages read their labels and choices in every function that renders them, and only a submission
 * needs zod. Named parts, not zod's whole namespace: a re-exported namespace keeps all of zod (every
 * locale included) in each bundle.
 */
export const z = { array, enum: zodEnum, literal, preprocess, string };

export { multiLineText, singleLineText, wellFormedText };

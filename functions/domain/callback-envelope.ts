import * as z from 'zod';
import { singleLineText } from '../checklist/text-fields.ts';

/** A staff callback's body: which step (its stage, and its product for a per-product step), then the decision's fields. */
export const callbackEnvelope = z.lazy(() =>
  z.looseObject({
    stage: z.string({ error: 'stage is required.' }),
    product: singleLineText('Product', 100).optional(),
  }),
);

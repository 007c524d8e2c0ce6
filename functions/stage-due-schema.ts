import * as z from 'zod';
import { readStageDueSetting } from './stage-due-setting.ts';

/**
 * `STAGE_DUE_SECONDS` as a schema, for the CLI's and the local runtime's settings. Apart from
 * `stage-due-setting.ts`, which every function's configuration check imports: a schema there would
 * bring zod's evaluation into every cold start.
 */
export const stageDueSetting = z.lazy(() =>
  z.string().transform((value, ctx) => {
    const read = readStageDueSetting(value);
    if ('dues' in read) return read.dues;
    ctx.addIssue({ code: 'custom', message: read.problem });
    return z.NEVER;
  }),
);

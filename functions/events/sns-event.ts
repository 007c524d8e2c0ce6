import * as z from 'zod';

/** An SNS delivery: one or more records, each carrying a message of at most 256 KiB. */
export const snsEvent = z.lazy(() =>
  z.object({
    Records: z
      .array(
        z.object({
          Sns: z.object({ MessageId: z.string().optional(), Message: z.string().max(256 * 1024) }),
        }),
      )
      .min(1),
  }),
);

import * as z from 'zod';

// Apart from recording the problem, so the email-events function imports the schema (and zod) on
// its first event rather than evaluating it at cold start.

/**
 * An SES bounce or complaint event, as a configuration set publishes it to SNS (`eventType`) or as
 * identity notifications send it (`notificationType`). Only the fields used here are checked.
 */
const recipient = z.lazy(() =>
  z.object({
    emailAddress: z.string().min(3).max(320),
    diagnosticCode: z.string().max(2000).optional(),
  }),
);
export const sesEmailEvent = z.lazy(() =>
  z
    .object({
      eventType: z.enum(['Bounce', 'Complaint']).optional(),
      notificationType: z.enum(['Bounce', 'Complaint']).optional(),
      mail: z.object({
        messageId: z.string().min(1).max(200),
        tags: z.record(z.string(), z.array(z.string())).default({}),
      }),
      bounce: z
        .object({
          bounceType: z.string().max(100).optional(),
          bouncedRecipients: z.array(recipient).min(1).max(50),
        })
        .optional(),
      complaint: z
        .object({
          complaintFeedbackType: z.string().max(100).optional(),
          complainedRecipients: z.array(recipient).min(1).max(50),
        })
        .optional(),
    })
    .refine(
      (event) => (event.eventType ?? event.notificationType) !== undefined,
      'eventType or notificationType is required',
    )
    .refine((event) => event.bounce || event.complaint, 'a bounce or complaint object is required'),
);
export type SesEmailEvent = z.infer<typeof sesEmailEvent>;

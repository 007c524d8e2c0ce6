/** The pages behind action links, for the HTTP layer. */
export { type ActionPageView, renderActionPage } from './action-page.ts';
export { type DonePageView, renderDonePage } from './done-page.ts';
export { type ExpiredPageView, renderExpiredPage } from './expired-page.ts';
export { type MessagePageView, renderMessagePage } from './message-page.ts';
export { renderRenewSentPage } from './renew-sent-page.ts';
export { PAGE_CSS } from './styles.ts';

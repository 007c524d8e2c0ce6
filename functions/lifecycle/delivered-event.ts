/** An event as a subscriber receives it from EventBridge (the envelope around the detail). */
export interface DeliveredEvent {
  version: '0';
  /** EventBridge's own id, new for each put; subscribers deduplicate on `detail.id`. */
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
}

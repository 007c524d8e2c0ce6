/**
 * A person at a browser, without the browser: opens an action link (GET), then submits the page's
 * form (POST, form-encoded), exactly what the HTML form does.
 */
export async function openAndSubmit(
  link: string,
  fields: Record<string, string | string[]>,
): Promise<{ opened: number; submitted: number; page: string }> {
  const opened = await fetch(link);
  await opened.text();
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value]) body.append(key, item);
  }
  const submitted = await fetch(link, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
  return { opened: opened.status, submitted: submitted.status, page: await submitted.text() };
}

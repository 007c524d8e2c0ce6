/**
 * A person at a browser, without the browser: opens an action link (GET), then submits the page's
 * form (POST, form-encoded), exactly what the HTML form does. Like a person, it tries again after a
 * "temporary problem, try again" page (503).
 */
export async function openAndSubmit(
  link: string,
  fields: Record<string, string | string[]>,
  options: { attempts?: number; pauseMs?: number } = {},
): Promise<{ opened: number; submitted: number; page: string; attempts: number }> {
  const attempts = options.attempts ?? 8;
  const pause = () => new Promise((resolve) => setTimeout(resolve, options.pauseMs ?? 250));
  let opened = 0;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const response = await fetch(link);
    await response.text();
    opened = response.status;
    if (opened !== 503) break;
    await pause();
  }
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value]) body.append(key, item);
  }
  for (let attempt = 1; ; attempt++) {
    const submitted = await fetch(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    const page = await submitted.text();
    if (submitted.status !== 503 || attempt >= attempts)
      return { opened, submitted: submitted.status, page, attempts: attempt };
    await pause();
  }
}

// A person at the simulated sign-in pages, for tests without a browser: opens the
// authorize (or adminconsent) URL, picks the account, accepts or cancels the consent
// prompt, and reports where the browser is sent. Over real HTTPS, through the pages'
// own forms, so the pages are what is tested.
import { decodeHtml } from './pages.ts';

type Form = { action: string; fields: Record<string, string>; buttons: string[]; picker: boolean; id: string | null };

function parseForm(html: string): Form | null {
  const open = /<form method="post" action="([^"]*)"(?: id="([^"]*)")?>/.exec(html);
  if (!open?.[1]) return null;
  const fields: Record<string, string> = {};
  for (const input of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) {
    fields[decodeHtml(input[1] ?? '')] = decodeHtml(input[2] ?? '');
  }
  const buttons = [...html.matchAll(/<button type="submit" name="action" value="([^"]*)"/g)].map((m) => m[1] ?? '');
  return { action: decodeHtml(open[1]), fields, buttons, picker: html.includes('name="user"'), id: open[2] ?? null };
}

function pageError(html: string, status: number): Error {
  const message = /<p class="error">([\s\S]*?)<\/p>/.exec(html)?.[1];
  return new Error(message ? decodeHtml(message) : `the sign-in page answered ${status} without a form`);
}

export async function walkSignIn(url: string, as: { userId: string; decision?: 'accept' | 'cancel' }): Promise<string> {
  const decision = as.decision ?? 'accept';
  let response = await fetch(url, { redirect: 'manual' });
  let pickedAlready = false;
  for (let step = 0; step < 4; step++) {
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) return location;
    const html = await response.text();
    const form = parseForm(html);
    if (!form) throw pageError(html, response.status);
    if (form.id === 'response') {
      // response_mode=form_post: what the page would post, as a query.
      const target = new URL(form.action);
      for (const [name, value] of Object.entries(form.fields)) target.searchParams.append(name, value);
      return target.toString();
    }
    let answer: Record<string, string>;
    if (form.picker) {
      if (pickedAlready) throw new Error(`the account picker does not offer the user ${as.userId}`);
      pickedAlready = true;
      answer = { ...form.fields, user: as.userId, action: 'next' };
    } else if (form.buttons.includes(decision)) {
      answer = { ...form.fields, action: decision };
    } else {
      // The "need admin approval" page offers only the way back.
      throw pageError(html, response.status);
    }
    response = await fetch(form.action, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(answer),
      redirect: 'manual',
    });
  }
  throw new Error('the sign-in did not end after four pages');
}

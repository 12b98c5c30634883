// The sender's card: who they are, as the CRM has it, and the way to their record in the web app.
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { contact, deal, fixedApi, knownLookup } from '../../test/fakes.ts';
import { email, renderPane, renderShared } from '../../test/render.tsx';
import { ContactCard } from './ContactCard.tsx';

afterEach(cleanup);

const nino = contact('Nino Kapanadze', 'nino@fabrikam.example');

describe('the contact card', () => {
  it('shows the card of a known sender with the stage of each open deal', async () => {
    const { api } = fixedApi({ lookups: { 'nino@fabrikam.example': knownLookup(nino, [deal('Renewal')]) } });
    await renderPane(api, [email('a', 'nino@fabrikam.example')]);

    const card = await screen.findByTestId('contact-card');
    expect(within(card).getByRole('heading', { name: 'Nino Kapanadze' })).toBeTruthy();
    expect(within(card).getByText('Buyer', { exact: false }).textContent).toBe('Buyer · Fabrikam');
    expect(within(card).getByText('vip')).toBeTruthy();
    const dealRow = screen.getByTestId('deal');
    expect(within(dealRow).getByText('€48,000.00')).toBeTruthy();
    expect(within(dealRow).getByRole('img', { name: 'Stage 3 of 6: Proposal' })).toBeTruthy();
    expect(within(dealRow).getByText('50% win probability')).toBeTruthy();
  });

  it("links the pane's card to the contact's and the company's records in the web app, in a new tab", async () => {
    const { api } = fixedApi({ lookups: { 'nino@fabrikam.example': knownLookup(nino) } });
    await renderPane(api, [email('a', 'nino@fabrikam.example')]);

    const open = await screen.findByRole('link', { name: 'Open in CRM' });
    expect(open.getAttribute('href')).toBe(`${location.origin}/app#/contacts/${encodeURIComponent(nino.id)}`);
    expect(open.getAttribute('target')).toBe('_blank');
    expect(open.getAttribute('rel')).toBe('noopener noreferrer');
    const company = screen.getByRole('link', { name: 'Open Fabrikam in CRM' });
    expect(company.getAttribute('href')).toBe(`${location.origin}/app#/companies/co-1`);
    expect(company.textContent).toBe('Fabrikam');
    expect(company.getAttribute('target')).toBe('_blank');
  });

  it.each([
    ['fa-IR', 'باز کردن در CRM'],
    ['ka-GE', 'CRM-ში გახსნა'],
    ['sv-SE', 'Öppna i CRM'],
    ['ta-IN', 'CRM-இல் திற'],
  ])('says "Open in CRM" in %s', async (language, text) => {
    await renderShared(
      fixedApi({ lookups: {} }).api,
      <ContactCard contact={nino} appUrl="https://crm.example.com/app" />,
      language,
    );
    expect(screen.getByRole('link', { name: text }).getAttribute('href')).toBe(
      `https://crm.example.com/app#/contacts/${encodeURIComponent(nino.id)}`,
    );
  });

  it('has no links where there is no web app to open, and no company line for a contact without one', async () => {
    const loner = contact('Bo', 'bo@x.example', { title: null, company: null });
    await renderShared(fixedApi({ lookups: {} }).api, <ContactCard contact={loner} />);
    expect(screen.getByRole('heading', { name: 'Bo' })).toBeTruthy();
    expect(screen.queryByRole('link', { name: /CRM/ })).toBeNull();
    expect(screen.queryByText(' · ', { exact: false })).toBeNull();
  });
});

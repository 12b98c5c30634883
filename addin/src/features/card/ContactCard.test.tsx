// The sender's card: who they are, as the CRM has it.
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { contact, deal, fixedApi, knownLookup } from '../../test/fakes.ts';
import { email, renderPane } from '../../test/render.tsx';

afterEach(cleanup);

describe('the contact card', () => {
  it('shows the card of a known sender with the stage of each open deal', async () => {
    const nino = contact('Nino Kapanadze', 'nino@fabrikam.example');
    const { api } = fixedApi({ lookups: { 'nino@fabrikam.example': knownLookup(nino, [deal('Renewal')]) } });
    await renderPane(api, [email('a', 'nino@fabrikam.example')]);

    const card = await screen.findByTestId('contact-card');
    expect(within(card).getByRole('heading', { name: 'Nino Kapanadze' })).toBeTruthy();
    expect(within(card).getByText('Buyer · Fabrikam')).toBeTruthy();
    expect(within(card).getByText('vip')).toBeTruthy();
    const dealRow = screen.getByTestId('deal');
    expect(within(dealRow).getByText('€48,000.00')).toBeTruthy();
    expect(within(dealRow).getByRole('img', { name: 'Stage 3 of 6: Proposal' })).toBeTruthy();
    expect(within(dealRow).getByText('50% win probability')).toBeTruthy();
  });
});

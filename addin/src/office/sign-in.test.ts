// Sign-in through Office.js: the NestedAppAuth check, the dialog's events as plain
// shapes, and the dialog page's message to the pane.
import { OfficeMockObject } from 'office-addin-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createOfficeSignIn, DialogOpenError, messageParentPage, type DialogEvent } from './sign-in.ts';

type Handler = (arg: unknown) => void;

function office(options: { sets?: Record<string, string>; openError?: number } = {}) {
  const handlers = new Map<string, Handler>();
  const calls = { opened: [] as { url: string; options: unknown }[], closed: 0, sent: [] as unknown[][] };
  const seed = {
    host: 'outlook',
    AsyncResultStatus: { Succeeded: 'succeeded', Failed: 'failed' },
    EventType: { DialogMessageReceived: 'dialogMessageReceived', DialogEventReceived: 'dialogEventReceived' },
    onReady: () => Promise.resolve({ host: 'Outlook', platform: 'OfficeOnline' }),
    context: {
      requirements: {
        isSetSupported: (name: string, version: string) =>
          options.sets?.[name] !== undefined && Number(version) <= Number(options.sets[name]),
      },
      ui: {
        displayDialogAsync(url: string, dialogOptions: unknown, callback: (result: unknown) => void) {
          calls.opened.push({ url, options: dialogOptions });
          if (options.openError) {
            callback({ status: 'failed', error: { code: options.openError, message: 'no' } });
            return;
          }
          callback({
            status: 'succeeded',
            value: {
              addEventHandler: (type: string, handler: Handler) => handlers.set(type, handler),
              close: () => calls.closed++,
            },
          });
        },
        messageParent: (...args: unknown[]) => calls.sent.push(args),
      },
    },
  };
  // office-addin-mock types its seed loosely; its documented use is a plain object like this one.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- see above
  const mock = new OfficeMockObject(seed) as unknown as typeof Office;
  return { mock, handlers, calls };
}

afterEach(() => vi.unstubAllGlobals());

describe('Outlook’s sign-in support', () => {
  it.each([
    [{ NestedAppAuth: '1.1' }, true],
    [{ Mailbox: '1.8' }, false],
  ])('with sets %j nested app authentication is %s', (sets, expected) => {
    expect(createOfficeSignIn(office({ sets }).mock).nestedAppAuth).toBe(expected);
  });

  it('opens our page in a dialog window of its own and passes on its messages and its end', async () => {
    const { mock, handlers, calls } = office();
    const events: DialogEvent[] = [];
    const dialog = await createOfficeSignIn(mock).openDialog('https://crm.example.com/auth/dialog.html', (event) =>
      events.push(event),
    );
    expect(calls.opened.map((call) => call.url)).toEqual(['https://crm.example.com/auth/dialog.html']);
    expect(calls.opened[0]!.options).toMatchObject({ displayInIframe: false });
    handlers.get('dialogMessageReceived')!({ message: '{"a":1}', origin: 'https://crm.example.com' });
    handlers.get('dialogMessageReceived')!({ message: 'x', origin: undefined });
    handlers.get('dialogEventReceived')!({ error: 12006 });
    expect(events).toEqual([
      { type: 'message', message: '{"a":1}', origin: 'https://crm.example.com' },
      { type: 'message', message: 'x', origin: null },
      { type: 'closed', code: 12006 },
    ]);
    dialog.close();
    expect(calls.closed).toBe(1);
  });

  it('rejects with Office’s code when the dialog cannot open', async () => {
    const { mock } = office({ openError: 12011 });
    const error = await createOfficeSignIn(mock)
      .openDialog('https://crm.example.com/auth/dialog.html', () => undefined)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DialogOpenError);
    expect((error as DialogOpenError).code).toBe(12011);
  });
});

describe('the dialog page’s message to the pane', () => {
  it('is addressed to the pane’s origin where the host supports DialogOrigin 1.1', async () => {
    const { mock, calls } = office({ sets: { DialogOrigin: '1.1' } });
    vi.stubGlobal('Office', mock);
    expect(await messageParentPage('hello', 'https://crm.example.com')).toBe(true);
    expect(calls.sent).toEqual([['hello', { targetOrigin: 'https://crm.example.com' }]]);
  });

  it('goes without a target where it does not (Office then allows only the same domain)', async () => {
    const { mock, calls } = office();
    vi.stubGlobal('Office', mock);
    expect(await messageParentPage('hello', 'https://crm.example.com')).toBe(true);
    expect(calls.sent).toEqual([['hello']]);
  });

  it('is not sent outside Office', async () => {
    vi.stubGlobal('Office', undefined);
    expect(await messageParentPage('hello', 'https://crm.example.com')).toBe(false);
  });
});

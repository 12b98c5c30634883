// What Outlook offers for signing in, as plain shapes: whether the host brokers
// Entra tokens for the add-in (nested app authentication), and, where it does not,
// Office's dialog around a page of ours that runs MSAL's redirect flow. Only this
// folder touches Office.*.

/** Nested app authentication: Outlook gets the add-in's tokens from its own signed-in account. */
export const NESTED_APP_AUTH_SET = '1.1';

/**
 * What Office reports when a dialog cannot open or goes away
 * (learn.microsoft.com/office/dev/add-ins/develop/dialog-handle-errors-events).
 */
export const DIALOG_ERRORS = {
  /** The page could not be found or loaded. */
  pageNotLoaded: 12002,
  /** The dialog was sent to an http: page. */
  httpsRequired: 12003,
  /** The user closed the dialog. */
  closedByUser: 12006,
  /** A dialog is already open from this pane. */
  alreadyOpen: 12007,
  /** The user chose not to open the dialog (Office's own prompt). */
  ignoredByUser: 12009,
  /** The browser's settings blocked the dialog (Outlook on the web). */
  blockedByBrowser: 12011,
} as const;

export type DialogEvent =
  /** `origin` is null where the host lacks DialogOrigin 1.1. */
  { type: 'message'; message: string; origin: string | null } | { type: 'closed'; code: number };

export type OpenDialog = { close(): void };

export class DialogOpenError extends Error {
  constructor(readonly code: number) {
    super(`the dialog did not open (${code})`);
    this.name = 'DialogOpenError';
  }
}

export type OfficeSignIn = {
  /** The host brokers tokens for the add-in (NestedAppAuth 1.1): MSAL's nestable client works. */
  readonly nestedAppAuth: boolean;
  /** Opens `url` in Office's dialog; its messages and its end arrive through `listener`. */
  openDialog(url: string, listener: (event: DialogEvent) => void): Promise<OpenDialog>;
};

/** Sign-in support of the Outlook hosting the pane; call only once the pane knows it runs in Outlook. */
export function officeSignIn(): OfficeSignIn | null {
  const office = (globalThis as { Office?: typeof Office }).Office;
  return office?.context ? createOfficeSignIn(office) : null;
}

export function createOfficeSignIn(office: typeof Office): OfficeSignIn {
  const requirements = office.context.requirements as Office.RequirementSetSupport | undefined;
  return {
    nestedAppAuth: requirements?.isSetSupported('NestedAppAuth', NESTED_APP_AUTH_SET) ?? false,
    openDialog(url, listener) {
      return new Promise((resolve, reject) => {
        // A window of its own, not a frame: sign-in pages refuse to be framed. Office asks the
        // user before opening it, so no pop-up blocker stands in the way.
        office.context.ui.displayDialogAsync(url, { height: 60, width: 30, displayInIframe: false }, (result) => {
          if (result.status !== office.AsyncResultStatus.Succeeded) {
            reject(new DialogOpenError(result.error.code));
            return;
          }
          const dialog = result.value;
          dialog.addEventHandler(office.EventType.DialogMessageReceived, (arg) => {
            if ('message' in arg && typeof arg.message === 'string') {
              listener({ type: 'message', message: arg.message, origin: arg.origin ?? null });
            }
          });
          dialog.addEventHandler(office.EventType.DialogEventReceived, (arg) => {
            if ('error' in arg) listener({ type: 'closed', code: arg.error });
          });
          resolve({ close: () => dialog.close() });
        });
      });
    },
  };
}

/**
 * In the dialog: hands `message` to the pane that opened it, addressed to the pane's
 * origin where the host can say so. False when this page is not in an Office dialog.
 */
export async function messageParentPage(message: string, parentOrigin: string): Promise<boolean> {
  const office = (globalThis as { Office?: typeof Office }).Office;
  if (!office) return false;
  await office.onReady();
  const ui = office.context.ui as Office.UI | undefined;
  if (!ui?.messageParent) return false;
  if (office.context.requirements.isSetSupported('DialogOrigin', '1.1')) {
    ui.messageParent(message, { targetOrigin: parentOrigin });
  } else {
    ui.messageParent(message);
  }
  return true;
}

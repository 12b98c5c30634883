// The pages of an app as a tab list bound to the URL's hash (arrows move, Enter opens),
// and the panel that shows the open one.
import { Tab, TabList, makeStyles, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import { Main } from './Shell.tsx';

const useStyles = makeStyles({
  nav: {
    paddingInline: tokens.spacingHorizontalXL,
    backgroundColor: tokens.colorNeutralBackground1,
    borderBlockEndWidth: '1px',
    borderBlockEndStyle: 'solid',
    borderBlockEndColor: tokens.colorNeutralStroke2,
  },
});

export function PageTabs<Page extends string>(props: {
  /** The nav landmark's name. */
  label: string;
  pages: readonly Page[];
  labelOf: (page: Page) => string;
  selected: Page;
  onSelect: (page: Page) => void;
  /** Ids: `<idPrefix>-tab-<page>` for each tab, `<idPrefix>-page` for the panel. */
  idPrefix: string;
  children: ReactNode;
}) {
  const styles = useStyles();
  const tabId = (page: Page) => `${props.idPrefix}-tab-${page}`;
  const panelId = `${props.idPrefix}-page`;
  return (
    <>
      <nav className={styles.nav} aria-label={props.label}>
        <TabList selectedValue={props.selected} onTabSelect={(_event, data) => props.onSelect(data.value as Page)}>
          {props.pages.map((page) => (
            <Tab key={page} value={page} id={tabId(page)} aria-controls={panelId} data-testid={`tab-${page}`}>
              {props.labelOf(page)}
            </Tab>
          ))}
        </TabList>
      </nav>
      <Main>
        <div role="tabpanel" id={panelId} aria-labelledby={tabId(props.selected)} data-page={props.selected}>
          {props.children}
        </div>
      </Main>
    </>
  );
}

// What the settings sections share: their layout and reading lists typed one per line.
import { makeStyles, tokens } from '@fluentui/react-components';

export const useSettingsStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXL },
  heading: { margin: 0, fontSize: tokens.fontSizeBase600, fontWeight: tokens.fontWeightSemibold },
  section: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalL,
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusLarge,
    boxShadow: tokens.shadow2,
  },
  sectionTitle: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  subTitle: { margin: 0, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxInlineSize: '640px' },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-end', flexWrap: 'wrap' },
  muted: { color: tokens.colorNeutralForeground2 },
  narrow: { maxInlineSize: '110px' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalXS, flexWrap: 'nowrap' },
  // Fluent's tables share the width out evenly (table-layout: fixed): stage rows need their inputs' width.
  table: { tableLayout: 'auto', inlineSize: 'auto' },
});

/** Lines of a textarea as a list: trimmed, blanks dropped, each once. */
export const linesOf = (text: string) => [
  ...new Set(
    text
      .split(/[\n,;]+/)
      .map((line) => line.trim())
      .filter(Boolean),
  ),
];

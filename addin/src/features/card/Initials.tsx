// A person's initials in a colored circle. Fluent's Avatar brings presence badges
// and image loading the pane never shows; this keeps the first paint small.
import { makeStyles, tokens } from '@fluentui/react-components';

const COLORS = [
  [tokens.colorPaletteBlueBackground2, tokens.colorPaletteBlueForeground2],
  [tokens.colorPaletteGreenBackground2, tokens.colorPaletteGreenForeground2],
  [tokens.colorPalettePurpleBackground2, tokens.colorPalettePurpleForeground2],
  [tokens.colorPaletteDarkOrangeBackground2, tokens.colorPaletteDarkOrangeForeground2],
  [tokens.colorPaletteTealBackground2, tokens.colorPaletteTealForeground2],
  [tokens.colorPaletteBerryBackground2, tokens.colorPaletteBerryForeground2],
] as const;

const useStyles = makeStyles({
  circle: {
    display: 'inline-flex',
    flexShrink: 0,
    alignItems: 'center',
    justifyContent: 'center',
    borderRadius: tokens.borderRadiusCircular,
    fontWeight: tokens.fontWeightSemibold,
  },
});

const GRAPHEMES = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The first letter as a reader sees it: a Tamil consonant keeps its vowel sign, an emoji its modifiers. */
function firstLetter(word: string): string {
  for (const { segment } of GRAPHEMES.segment(word)) return segment;
  return '';
}

export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/u).filter(Boolean);
  const picked = words.length > 1 ? [words[0], words.at(-1)] : words.slice(0, 1);
  return picked.map((word = '') => firstLetter(word).toLocaleUpperCase()).join('');
}

export function Initials({ name, size }: { name: string; size: number }) {
  const styles = useStyles();
  let hash = 0;
  for (const char of name) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) >>> 0;
  const [background, color] = COLORS[hash % COLORS.length] ?? COLORS[0];
  return (
    <span
      className={styles.circle}
      aria-hidden
      style={{ inlineSize: size, blockSize: size, fontSize: size * 0.4, backgroundColor: background, color }}
    >
      {initialsOf(name)}
    </span>
  );
}

// A record's tags in a list row, as Fluent tags.
import { Tag, TagGroup } from '@fluentui/react-components';

/** A record's tags as Fluent tags (the first few; the rest counted). */
export function Tags({ tags }: { tags: string[] }) {
  if (!tags.length) return null;
  const shown = tags.slice(0, 3);
  return (
    <TagGroup size="extra-small" aria-label={tags.join(', ')}>
      {shown.map((tag) => (
        <Tag key={tag} value={tag} size="extra-small" shape="circular" appearance="brand">
          {tag}
        </Tag>
      ))}
      {tags.length > shown.length && (
        <Tag value="more" size="extra-small" shape="circular">
          +{tags.length - shown.length}
        </Tag>
      )}
    </TagGroup>
  );
}

import { useSettingsStore } from '../../stores/settings-store';
import { LoadFailure } from '../../ui/load-failure';

/**
 * A settings section whose stored values could not be read: the section keeps its place and title, says why, and
 * offers to read them again, instead of the form silently not appearing.
 */
export function SectionLoadFailure({
  title,
  titleId,
  what,
  reason,
}: {
  readonly title: string;
  readonly titleId: string;
  /** What could not be read, e.g. "the SSH defaults". */
  readonly what: string;
  readonly reason: string;
}) {
  const load = useSettingsStore((state) => state.load);
  return (
    <section className="card" aria-labelledby={titleId}>
      <h2 className="card__title" id={titleId}>
        {title}
      </h2>
      <LoadFailure what={what} reason={reason} onRetry={load} />
    </section>
  );
}

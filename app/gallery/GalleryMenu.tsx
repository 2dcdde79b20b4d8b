// [Gallery ▾]: the teaching scenarios; opening one shows its teaching card (UX.md "Teaching mode")
// at the top of the Explanation pane (GalleryCard below), and "Teaching card" brings a hidden one back.
import { useEffect } from 'react';
import { MenuButton } from '../share/popover';
import { TeachingCard } from './TeachingCard';
import { loadGalleryIndex, openGalleryScenario, useCurrentGallery, useGallery, ensureMeta } from './catalog';
import '../share/share.css';

export function GalleryMenu() {
  const entries = useGallery((s) => s.entries);
  const error = useGallery((s) => s.error);
  const cardOpen = useGallery((s) => s.cardOpen);
  const current = useCurrentGallery();
  useEffect(() => {
    void loadGalleryIndex().catch(() => {});
  }, []);
  useEffect(() => {
    // A restored (or reloaded) gallery scenario gets its card back, closed.
    if (current) void ensureMeta(current);
  }, [current]);
  const items =
    entries?.map((e) => ({
      key: e.name,
      label: e.title,
      ariaLabel: e.title,
      hint: `${e.concept} · ${e.plugins.join(', ')}`,
      current: e.name === current,
      onSelect: () => void openGalleryScenario(e.name),
    })) ?? [];
  return (
    <>
      <MenuButton
        label="Gallery"
        menuLabel="Gallery of teaching scenarios"
        wide
        onOpen={() => void loadGalleryIndex().catch(() => {})}
        groups={[{ items: items.length ? items : [{ key: 'loading', label: error ?? 'Loading…', disabled: true, onSelect: () => {} }] }]}
      />
      {current && !cardOpen && (
        <button type="button" className="btn" onClick={() => useGallery.setState({ cardOpen: true })}>
          Teaching card
        </button>
      )}
    </>
  );
}

/** The teaching card of the working gallery scenario, when open (placed by the Explanation pane). */
export function GalleryCard() {
  const cardOpen = useGallery((s) => s.cardOpen);
  const current = useCurrentGallery();
  return current && cardOpen ? <TeachingCard key={current} name={current} /> : null;
}

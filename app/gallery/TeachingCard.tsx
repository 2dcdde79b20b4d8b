// The teaching card of a gallery scenario: what to watch, one question to predict, and the
// answer, revealed when the playback reaches the end (or on request). Each card links the
// concept to the plugins that implement it. Once the playback moves, the card folds to the
// question (and the answer) so it does not hide the nodes being watched; "What to watch" unfolds it.
import { useEffect, useRef, useState } from 'react';
import { useRun } from '../store/run';
import { usePlayer } from '../store/player';
import { useUi } from '../store/ui';
import { useGallery } from './catalog';
import { pluginSourceUrl } from './frontmatter';

export function TeachingCard({ name }: { name: string }) {
  const meta = useGallery((s) => s.metas[name]);
  const revealed = useGallery((s) => s.revealed);
  const steps = useRun((s) => s.playback?.steps.length ?? 0);
  const cursor = usePlayer((s) => s.cursor);
  const played = useRef(false);
  // null: folded while the playback is under way, unfolded at the start; else the reader's choice.
  const [unfolded, setUnfolded] = useState<boolean | null>(null);
  const full = unfolded ?? cursor < 0;
  useEffect(() => {
    if (cursor >= 0) played.current = true;
    if (played.current && steps > 0 && cursor >= steps - 1 && !useGallery.getState().revealed) useGallery.setState({ revealed: true });
  }, [cursor, steps]);
  useEffect(() => {
    // Once the answer is out, explain the pod the question is about.
    if (revealed && meta?.focus && !useUi.getState().selection) useUi.getState().select({ kind: 'pod', key: meta.focus });
  }, [revealed, meta?.focus]);
  if (!meta) return null;
  return (
    <aside className="sl-card" aria-label="Teaching card">
      <div className="sl-card-head">
        <span className="sl-eyebrow">Gallery · {meta.concept}</span>
        <button type="button" className="btn icon" aria-label="Hide the teaching card" onClick={() => useGallery.setState({ cardOpen: false })}>
          ×
        </button>
      </div>
      <h2>{meta.title}</h2>
      {full ? (
        <>
          <p className="sl-card-plugins">
            {meta.plugins.length === 1 ? 'Plugin' : 'Plugins'}:{' '}
            {meta.plugins.map((p, i) => {
              const url = pluginSourceUrl(p);
              return (
                <span key={p}>
                  {i > 0 && ', '}
                  {url ? (
                    <a href={url} target="_blank" rel="noreferrer noopener" title={`Source of ${p} in kube-scheduler v1.35`}>
                      {p}
                    </a>
                  ) : (
                    p
                  )}
                </span>
              );
            })}
            {meta.docs && (
              <>
                {' · '}
                <a href={meta.docs} target="_blank" rel="noreferrer noopener">
                  Kubernetes docs
                </a>
              </>
            )}
          </p>
          <h3>What to watch</h3>
          <p>{meta.watch}</p>
          {cursor >= 0 && (
            <button type="button" className="linklike sl-fold" aria-expanded="true" onClick={() => setUnfolded(false)}>
              Fold the card
            </button>
          )}
        </>
      ) : (
        <button type="button" className="linklike sl-fold" aria-expanded="false" onClick={() => setUnfolded(true)}>
          What to watch
        </button>
      )}
      <h3>Predict</h3>
      <p className="sl-question">{meta.question}</p>
      {revealed ? (
        <section aria-label="Answer" className="sl-answer">
          <h3>Answer</h3>
          <p>{meta.answer}</p>
        </section>
      ) : (
        <div className="sl-actions">
          <button
            type="button"
            className="btn primary"
            disabled={steps === 0}
            onClick={() => {
              played.current = true;
              usePlayer.getState().play();
            }}
          >
            ▶ Play to find out
          </button>
          <button type="button" className="btn" onClick={() => useGallery.setState({ revealed: true })}>
            Show the answer
          </button>
        </div>
      )}
    </aside>
  );
}

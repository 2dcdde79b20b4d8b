// The share menu of the top bar: [Import] [Copy link] [Export ▾], plus the message banner for
// links that could not be opened and other notices, and dropping files anywhere on the page.
import { useEffect, useState } from 'react';
import { useScenario } from '../store/scenario';
import { useRun } from '../store/run';
import { useUi, type Selection } from '../store/ui';
import { usePlayer } from '../store/player';
import { usePersist } from '../persist/session';
import type { CycleView, Playback } from '../player/model';
import type { CycleRecord } from '../../engine/scheduler/schedule_one';
import { CopyLinkButton, buildLink } from './CopyLink';
import { ImportDialog } from './ImportDialog';
import { explainMarkdown } from './markdown';
import { MenuButton, copyText, downloadText, slug } from './popover';
import { notify, useNotice } from './notice';
import './share.css';

/** The engine's CycleRecord for a cycle the player built from the trace. */
export function cycleRecordFromView(c: CycleView): CycleRecord {
  const filter: NonNullable<CycleRecord['filter']> = {};
  for (const n of c.examined) {
    const v = c.verdicts[n];
    filter[n] = v ? { plugin: v.plugin, reasons: v.reasons } : null;
  }
  if (c.preFilterRejection && !c.examined.length) {
    // PreFilter rejected the pod: every node shares that verdict (as in the FitError message).
    for (const n of Object.keys(c.verdicts)) filter[n] = { plugin: c.preFilterRejection.plugin, reasons: c.preFilterRejection.reasons };
  }
  const scores: NonNullable<CycleRecord['scores']> = {};
  for (const [node, per] of Object.entries(c.scores)) {
    const plugins: Record<string, number> = {};
    for (const [p, cell] of Object.entries(per)) plugins[p] = cell.normalized;
    scores[node] = { total: c.totals[node] ?? 0, plugins };
  }
  return {
    index: c.index,
    t: c.t,
    pod: c.pod,
    profile: c.profile,
    attempt: c.attempt,
    result: c.result === 'Running' ? 'Error' : c.result,
    node: c.node,
    nominatedNode: c.nominatedNode,
    victims: c.victims,
    message: c.message,
    evaluatedNodes: c.evaluatedNodes,
    feasibleNodes: c.feasibleNodes,
    ties: c.ties,
    filter,
    scores,
  };
}

/**
 * The pod the Explanation pane is about: the selected one, else the pod of the cycle at the
 * cursor, else the first pod that ends unscheduled (the same choice as app/explain/ExplainPane).
 */
function explainedPod(selection: Selection, pb: Playback | null, cursor: number): string | null {
  if (selection?.kind === 'pod') return selection.key;
  if (!pb || selection?.kind === 'node') return null;
  const step = cursor >= 0 ? pb.steps[cursor] : null;
  if (step && step.cycle >= 0) return pb.cycles[step.cycle].pod;
  const pending = pb.cycles.find((c) => pb.lastCycleOfPod[c.pod] === c.index && c.result !== 'Scheduled');
  return pending?.pod ?? pb.cycles[0]?.pod ?? null;
}

/** The cycle to explain: the explained pod's cycle at the cursor, else its last one. */
function selectedCycle(): CycleView | null {
  const pb = useRun.getState().playback;
  const cursor = usePlayer.getState().cursor;
  const pod = explainedPod(useUi.getState().selection, pb, cursor);
  if (!pod || !pb) return null;
  const list = pb.cyclesOfPod[pod] ?? [];
  const atCursor = list.map((i) => pb.cycles[i]).find((c) => c.firstStep <= cursor && cursor <= c.lastStep);
  const last = list.length ? pb.cycles[list[list.length - 1]] : null;
  const c = atCursor ?? last;
  return c && c.result !== 'Running' ? c : null;
}

export function selectedPodMarkdown(): { pod: string; markdown: string } | null {
  const c = selectedCycle();
  if (!c) return null;
  const weights: Record<string, number> = {};
  for (const p of c.scorePlugins) weights[p.name] = p.weight;
  const link = buildLink({ includeSecrets: false, onlyScheduling: false });
  return {
    pod: c.pod,
    markdown: explainMarkdown(cycleRecordFromView(c), {
      scenario: usePersist.getState().currentName,
      weights,
      link: link.tooBig || link.url.length > 8000 ? undefined : link.url,
    }),
  };
}

function ExportMenu() {
  const selection = useUi((s) => s.selection);
  const pb = useRun((s) => s.playback);
  const cursor = usePlayer((s) => s.cursor);
  const pod = explainedPod(selection, pb, cursor);
  const explainable = !!pod;
  const hint = pod ?? (pb ? 'select a pod first' : 'waiting for the engine');
  return (
    <MenuButton
      label="Export"
      menuLabel="Export"
      groups={[
        {
          items: [
            {
              key: 'yaml',
              label: 'Scenario as YAML file',
              hint: 'as in the editor',
              onSelect: () => downloadText(`${slug(usePersist.getState().currentName)}.yaml`, useScenario.getState().source),
            },
            {
              key: 'md-copy',
              label: 'Copy explanation as Markdown',
              hint,
              disabled: !explainable,
              onSelect: async () => {
                const r = selectedPodMarkdown();
                if (!r) return notify({ kind: 'info', text: 'That pod has no scheduling cycle to explain yet.' });
                const ok = await copyText(r.markdown);
                notify({ kind: ok ? 'info' : 'error', text: ok ? `The explanation of ${r.pod} was copied as Markdown.` : 'The browser did not allow copying; use “Download explanation” instead.' });
              },
            },
            {
              key: 'md-file',
              label: 'Download explanation (.md)',
              hint,
              disabled: !explainable,
              onSelect: () => {
                const r = selectedPodMarkdown();
                if (!r) return notify({ kind: 'info', text: 'That pod has no scheduling cycle to explain yet.' });
                downloadText(`${slug(r.pod.replace('/', '-'))}-explanation.md`, r.markdown, 'text/markdown');
              },
            },
          ],
        },
      ]}
    />
  );
}

/** The alert/status banner for link problems and export confirmations. */
export function NoticeBanner() {
  const notice = useNotice((s) => s.notice);
  useEffect(() => {
    if (notice?.kind !== 'info') return;
    const id = setTimeout(() => notify(null), 6000);
    return () => clearTimeout(id);
  }, [notice]);
  if (!notice) return null;
  return (
    <div className={`sl-notice ${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'}>
      <span>{notice.text}</span>
      <button type="button" className="btn" onClick={() => notify(null)}>
        Dismiss
      </button>
    </div>
  );
}

export function ShareMenu() {
  const [importing, setImporting] = useState<{ files: File[] } | null>(null);
  useEffect(() => {
    // Files dropped anywhere on the page open the import dialog with them.
    const over = (e: DragEvent) => {
      if (e.dataTransfer && Array.from(e.dataTransfer.types).includes('Files')) e.preventDefault();
    };
    const drop = (e: DragEvent) => {
      if (e.defaultPrevented || !e.dataTransfer?.files.length) return;
      e.preventDefault();
      setImporting({ files: Array.from(e.dataTransfer.files) });
    };
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  }, []);
  return (
    <>
      <button type="button" className="btn" onClick={() => setImporting({ files: [] })} title="Import a real cluster: paste or drop kubectl output">
        Import
      </button>
      <CopyLinkButton />
      <ExportMenu />
      {importing && <ImportDialog initialFiles={importing.files} onClose={() => setImporting(null)} />}
      <NoticeBanner />
    </>
  );
}

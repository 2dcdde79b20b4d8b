// One node on the canvas: a focusable element named by the node's name, border colour by its
// state in the current step, a badge naming the rejecting plugin, cpu/memory/pods bars of
// requested vs allocatable, and its pods as chips (colour by workload, outline by QoS).
// NodeCard is the full card (zoomed in, in the viewport); NodeHit the transparent, focusable
// element over a tile that TileCanvas draws (zoomed out, or off screen).
import { memo } from 'react';
import type { NodeView, PodView } from '../worker/protocol';
import type { NodeVisual } from '../player/frame';
import { pluginColor, textOn, workloadColor } from '../colors';
import { fmtCpu, fmtMem } from '../format';
import { NODE_H, NODE_W } from './layout';

export interface ChipData {
  pod: PodView | null;
  key: string;
  terminating: boolean;
  moving: boolean;
}

export interface ScoreStrip {
  parts: { plugin: string; value: number }[];
  max: number;
  total: number;
}

interface Props {
  node: NodeView;
  x: number;
  y: number;
  visual: NodeVisual | undefined;
  chips: ChipData[];
  ghosts: string[];
  used: { cpu: number; memory: number; pods: number };
  selected: boolean;
  selectedPod: string | null;
  score: ScoreStrip | null;
  dragging: boolean;
  /** Where the chip that binds in this step flies in from (layout coordinates). */
  arrival: { x: number; y: number } | null;
  onSelectNode: (name: string) => void;
  onSelectPod: (key: string) => void;
  onHover: (name: string | null, el: SVGGElement | null) => void;
  onHoverPod: (key: string | null, el: SVGGElement | null) => void;
  onDragStart: (name: string, e: React.PointerEvent) => void;
}

export function describeVisual(v: NodeVisual | undefined, node: NodeView): string {
  const parts: string[] = [];
  if (!v || v.state === 'idle') parts.push('idle');
  else if (v.state === 'rejected' && v.rejection) parts.push(`rejected by ${v.rejection.plugin}: ${v.rejection.reasons.join(', ') || v.rejection.code}`);
  else if (v.state === 'passed') parts.push('passed all filters');
  else if (v.state === 'chosen') parts.push('chosen');
  else if (v.state === 'examining') parts.push('being examined');
  else if (v.state === 'candidate') parts.push(v.nominated ? 'nominated node for preemption' : 'preemption candidate');
  else if (v.state === 'skipped') parts.push('not examined in this cycle');
  if (v?.tie) parts.push('tied for the top score');
  if (node.unschedulable) parts.push('cordoned');
  if (node.taints.length) parts.push(`taints ${node.taints.map((t) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`).join(', ')}`);
  return parts.join('; ');
}

const described = new WeakMap<NodeView, { v: NodeVisual | undefined; text: string }>();

/** describeVisual, remembered per node while its visual stays the same (hundreds of nodes, every step). */
export function describeCached(v: NodeVisual | undefined, node: NodeView): string {
  const hit = described.get(node);
  if (hit && sameVisual(hit.v, v)) return hit.text;
  const text = describeVisual(v, node);
  described.set(node, { v, text });
  return text;
}

function abbrev(n: number): string {
  const a = Math.abs(n);
  if (a >= 1e9) return `${Math.round(n / 1e9)}B`;
  if (a >= 1e6) return `${Math.round(n / 1e6)}M`;
  if (a >= 1e3) return `${Math.round(n / 1e3)}k`;
  return String(n);
}

function Bar({ y, label, used, total, text }: { y: number; label: string; used: number; total: number; text: string }) {
  const W = 100;
  const frac = total > 0 ? used / total : used > 0 ? 1 : 0;
  return (
    <g transform={`translate(0 ${y})`}>
      <text className="bar-label" x={10} y={7}>
        {label}
      </text>
      <rect className="bar-bg" x={42} y={0} width={W} height={7} rx={2} />
      <rect className={`bar-used${frac > 1 ? ' over' : ''}`} x={42} y={0} width={Math.min(1, frac) * W} height={7} rx={2} />
      <text className="bar-label" x={NODE_W - 8} y={7} textAnchor="end">
        {text}
      </text>
    </g>
  );
}

const COLS = 9;
const ROWS = 3;
const CHIP = 15;
const STEP = 18;

function NodeCardImpl(p: Props) {
  const { node, visual } = p;
  const state = visual?.state ?? 'idle';
  const badge =
    state === 'rejected' && visual?.rejection
      ? { text: visual.rejection.plugin, cls: 'badge-bg', color: pluginColor(visual.rejection.plugin) }
      : state === 'passed'
        ? { text: '✓ feasible', cls: 'badge-pass' }
        : state === 'chosen'
          ? { text: '★ chosen', cls: 'badge-chosen' }
          : state === 'candidate'
            ? { text: visual?.nominated ? 'nominated' : 'candidate', cls: 'badge-candidate' }
            : null;
  const taintText = node.taints.map((t) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`).join(', ');
  const capacity = COLS * ROWS;
  const overflow = p.chips.length + p.ghosts.length > capacity;
  const shownChips = overflow ? p.chips.slice(0, capacity - 1) : p.chips;
  const ghostRoom = Math.max(0, capacity - (overflow ? capacity : shownChips.length));
  return (
    <g transform={`translate(${p.x} ${p.y})`}>
      <g
        className={`node-card${p.dragging ? ' dragging' : ''}`}
        data-node={node.name}
        data-state={state}
        data-tie={visual?.tie ? 'true' : undefined}
        data-selected={p.selected ? 'true' : undefined}
        role="button"
        tabIndex={0}
        aria-label={node.name}
        aria-description={describeVisual(visual, node)}
        aria-pressed={p.selected}
        onClick={(e) => {
          e.stopPropagation();
          p.onSelectNode(node.name);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' || e.key === ' ') {
            e.preventDefault();
            e.stopPropagation();
            p.onSelectNode(node.name);
          }
        }}
        onPointerEnter={(e) => p.onHover(node.name, e.currentTarget)}
        onPointerLeave={() => p.onHover(null, null)}
        onFocus={(e) => p.onHover(node.name, e.currentTarget)}
        onBlur={() => p.onHover(null, null)}
        onPointerDown={(e) => p.onDragStart(node.name, e)}
      >
        <rect className="frame" width={NODE_W} height={NODE_H} rx={8} />
        {
          <>
            {(() => {
              // The verdict badge sits on the card's top border, so the plugin's full name fits
              // beside the node's (up to 26 characters; the tooltip and description have it all).
              const maxBadgeChars = 26;
              const btext = badge ? (badge.text.length > maxBadgeChars ? `${badge.text.slice(0, maxBadgeChars - 1)}…` : badge.text) : '';
              const bw = badge ? Math.round(btext.length * 6.2 + 14) : 0;
              const nameChars = Math.max(4, Math.floor((NODE_W - 18) / 7));
              return (
                <>
                  <text className="name" x={10} y={19}>
                    {node.name.length > nameChars ? `${node.name.slice(0, nameChars - 1)}…` : node.name}
                  </text>
                  {badge && (
                    <g transform={`translate(${Math.max(4, NODE_W - 8 - bw)} -8)`}>
                      <title>{badge.text}</title>
                      <rect
                        className={`${badge.cls} badge`}
                        x={0}
                        y={0}
                        width={bw}
                        height={15}
                        rx={7.5}
                        style={badge.color ? { fill: badge.color } : undefined}
                      />
                      <text className="badge-text" x={bw / 2} y={11} textAnchor="middle" style={badge.color ? { fill: textOn(badge.color) } : undefined}>
                        {btext}
                      </text>
                    </g>
                  )}
                </>
              );
            })()}
            {node.unschedulable ? (
              <text className="cordon" x={10} y={31}>
                ⊘ cordoned{taintText ? ` · ⚑ ${taintText}` : ''}
              </text>
            ) : taintText ? (
              <text className="taint" x={10} y={31}>
                ⚑ {taintText.length > 30 ? `${taintText.slice(0, 29)}…` : taintText}
              </text>
            ) : null}
            <Bar y={38} label="cpu" used={p.used.cpu} total={node.allocatable.cpu} text={`${fmtCpu(p.used.cpu)}/${fmtCpu(node.allocatable.cpu)}`} />
            <Bar y={49} label="mem" used={p.used.memory} total={node.allocatable.memory} text={`${fmtMem(p.used.memory)}/${fmtMem(node.allocatable.memory)}`} />
            <Bar y={60} label="pods" used={p.used.pods} total={node.allocatable.pods} text={`${p.used.pods}/${node.allocatable.pods}`} />
          </>
        }
      </g>
      {
        <g transform="translate(10 74)" role="group" aria-label={`pods on ${node.name}`} data-node={node.name}>
          {shownChips.map((c, i) => {
            const cx = (i % COLS) * STEP;
            const cy = Math.floor(i / COLS) * STEP;
            const prio = c.pod?.priority ?? 0;
            return (
              <g
                key={c.key}
                className="pod-chip"
                data-qos={c.pod?.qos ?? 'BestEffort'}
                data-terminating={c.terminating ? 'true' : undefined}
                data-moving={c.moving ? 'true' : undefined}
                data-selected={p.selectedPod === c.key ? 'true' : undefined}
                transform={`translate(${cx} ${cy})`}
                style={
                  c.moving && p.arrival ? ({ '--fx': `${p.arrival.x - p.x - 10}px`, '--fy': `${p.arrival.y - p.y - 74}px` } as React.CSSProperties) : undefined
                }
                role="button"
                tabIndex={0}
                aria-label={c.key}
                aria-description={`${c.pod?.qos ?? ''}${prio ? `, priority ${prio}` : ''}${c.terminating ? ', terminating' : ''}`}
                onClick={(e) => {
                  e.stopPropagation();
                  p.onSelectPod(c.key);
                }}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' || e.key === ' ') {
                    e.preventDefault();
                    e.stopPropagation();
                    p.onSelectPod(c.key);
                  }
                }}
                onPointerEnter={(e) => p.onHoverPod(c.key, e.currentTarget)}
                onPointerLeave={() => p.onHoverPod(null, null)}
                onFocus={(e) => p.onHoverPod(c.key, e.currentTarget)}
                onBlur={() => p.onHoverPod(null, null)}
              >
                <rect className="chip" width={CHIP} height={CHIP} rx={3} fill={workloadColor(c.pod?.owner ?? c.key)} />
                {prio !== 0 && (
                  <text className="prio" x={CHIP / 2} y={CHIP / 2 + 3} textAnchor="middle">
                    {abbrev(prio)}
                  </text>
                )}
              </g>
            );
          })}
          {p.ghosts.slice(0, ghostRoom).map((g, j) => {
            const i = shownChips.length + j;
            return (
              <rect
                key={`ghost-${g}`}
                className="ghost-chip"
                aria-hidden="true"
                x={(i % COLS) * STEP}
                y={Math.floor(i / COLS) * STEP}
                width={CHIP}
                height={CHIP}
                rx={3}
              >
                <title>{`${g} (nominated)`}</title>
              </rect>
            );
          })}
          {overflow && (
            <text className="more-pods" x={((capacity - 1) % COLS) * STEP + 1} y={(ROWS - 1) * STEP + 10}>
              +{p.chips.length - shownChips.length}
            </text>
          )}
        </g>
      }
      {p.score && p.score.max > 0 && (
        <g transform={`translate(0 ${NODE_H + 2})`} aria-hidden="true">
          {(() => {
            let x = 0;
            const scale = NODE_W / p.score.max;
            return p.score.parts.map((part) => {
              const w = Math.max(0, part.value * scale);
              const r = <rect key={part.plugin} x={x} y={0} width={w} height={5} fill={pluginColor(part.plugin)} />;
              x += w;
              return r;
            });
          })()}
        </g>
      )}
    </g>
  );
}

function sameVisual(a: NodeVisual | undefined, b: NodeVisual | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return (
    a.state === b.state &&
    !!a.tie === !!b.tie &&
    !!a.nominated === !!b.nominated &&
    a.rejection?.plugin === b.rejection?.plugin &&
    a.rejection?.reasons.join() === b.rejection?.reasons.join()
  );
}

function sameChips(a: ChipData[], b: ChipData[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x.key !== y.key || x.terminating !== y.terminating || x.moving !== y.moving || x.pod !== y.pod) return false;
  }
  return true;
}

function sameScore(a: ScoreStrip | null, b: ScoreStrip | null): boolean {
  if (a === b) return true;
  if (!a || !b || a.max !== b.max || a.parts.length !== b.parts.length) return false;
  return a.parts.every((p, i) => p.plugin === b.parts[i].plugin && p.value === b.parts[i].value);
}

/** Re-render a card only when what it shows changed (hundreds of cards, one step at a time). */
export const NodeCard = memo(NodeCardImpl, (a, b) => {
  return (
    a.node === b.node &&
    a.x === b.x &&
    a.y === b.y &&
    a.selected === b.selected &&
    a.dragging === b.dragging &&
    a.arrival?.x === b.arrival?.x &&
    a.arrival?.y === b.arrival?.y &&
    (a.selectedPod === b.selectedPod ||
      (!a.chips.some((c) => c.key === a.selectedPod || c.key === b.selectedPod) && !b.chips.some((c) => c.key === a.selectedPod || c.key === b.selectedPod))) &&
    a.used.cpu === b.used.cpu &&
    a.used.memory === b.used.memory &&
    a.used.pods === b.used.pods &&
    sameVisual(a.visual, b.visual) &&
    sameChips(a.chips, b.chips) &&
    a.ghosts.join() === b.ghosts.join() &&
    sameScore(a.score, b.score) &&
    a.onSelectNode === b.onSelectNode &&
    a.onSelectPod === b.onSelectPod &&
    a.onHover === b.onHover &&
    a.onHoverPod === b.onHoverPod &&
    a.onDragStart === b.onDragStart
  );
});

interface HitProps {
  node: NodeView;
  x: number;
  y: number;
  description: string;
  selected: boolean;
  onSelectNode: (name: string) => void;
  onHover: (name: string | null, el: SVGGElement | null) => void;
  onDragStart: (name: string, e: React.PointerEvent) => void;
}

function NodeHitImpl(p: HitProps) {
  const name = p.node.name;
  return (
    <g
      className="node-card node-hit"
      transform={`translate(${p.x} ${p.y})`}
      data-node={name}
      data-selected={p.selected ? 'true' : undefined}
      role="button"
      tabIndex={0}
      aria-label={name}
      aria-description={p.description}
      aria-pressed={p.selected}
      onClick={(e) => {
        e.stopPropagation();
        p.onSelectNode(name);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          e.stopPropagation();
          p.onSelectNode(name);
        }
      }}
      onPointerEnter={(e) => p.onHover(name, e.currentTarget)}
      onPointerLeave={() => p.onHover(null, null)}
      onFocus={(e) => p.onHover(name, e.currentTarget)}
      onBlur={() => p.onHover(null, null)}
      onPointerDown={(e) => p.onDragStart(name, e)}
    >
      <rect className="hit" width={NODE_W} height={NODE_H} rx={8} />
    </g>
  );
}

/** The tile's accessible, interactive stand-in: re-renders only when its description or selection changes. */
export const NodeHit = memo(
  NodeHitImpl,
  (a, b) =>
    a.node === b.node &&
    a.x === b.x &&
    a.y === b.y &&
    a.description === b.description &&
    a.selected === b.selected &&
    a.onSelectNode === b.onSelectNode &&
    a.onHover === b.onHover &&
    a.onDragStart === b.onDragStart,
);

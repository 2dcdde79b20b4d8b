// Edit a node: labels, taints, capacity, cordon, delete. Every change rewrites the scenario
// YAML through setSource(text, 'draw'); this form keeps no state of the cluster of its own.
import { useEffect, useState } from 'react';
import { useScenario } from '../store/scenario';
import { useUi } from '../store/ui';
import type { NodeView } from '../worker/protocol';
import { deleteNode, setCordon, setNodeCapacity, setNodeLabel, setNodeTaints, ZONE_LABEL } from './edits';
import { fmtCpu, fmtMem } from '../format';

const edit = (fn: (text: string) => string) => {
  const s = useScenario.getState();
  s.setSource(fn(s.source), 'draw');
};

export function Inspector({ node }: { node: NodeView }) {
  const select = useUi((s) => s.select);
  const reveal = useUi((s) => s.revealInEditor);
  const [newKey, setNewKey] = useState('');
  const [newVal, setNewVal] = useState('');
  const [taintKey, setTaintKey] = useState('');
  const [taintVal, setTaintVal] = useState('');
  const [taintEffect, setTaintEffect] = useState('NoSchedule');
  const [cap, setCap] = useState({ cpu: '', memory: '', pods: '' });
  useEffect(() => {
    setCap({ cpu: fmtCpu(node.allocatable.cpu), memory: fmtMem(node.allocatable.memory), pods: String(node.allocatable.pods) });
  }, [node.name, node.allocatable.cpu, node.allocatable.memory, node.allocatable.pods]);

  const addLabel = () => {
    if (!newKey.trim()) return;
    edit((t) => setNodeLabel(t, node.name, newKey.trim(), newVal.trim()));
    setNewKey('');
    setNewVal('');
  };
  const addTaint = () => {
    if (!taintKey.trim()) return;
    edit((t) => setNodeTaints(t, node.name, [...node.taints, { key: taintKey.trim(), value: taintVal.trim() || undefined, effect: taintEffect }]));
    setTaintKey('');
    setTaintVal('');
  };

  return (
    <div
      className="inspector"
      role="dialog"
      aria-label={`Edit node ${node.name}`}
      onClick={(e) => e.stopPropagation()}
      onKeyDown={(e) => {
        if (e.key === 'Escape') select(null);
        e.stopPropagation();
      }}
    >
      <h3>
        {node.name}
        <span className="spacer" />
        {node.line && (
          <button type="button" className="linklike" onClick={() => reveal(node.line!)}>
            YAML
          </button>
        )}
        <button type="button" className="btn icon" aria-label="Close" onClick={() => select(null)}>
          ×
        </button>
      </h3>
      <fieldset>
        <legend>Labels</legend>
        {Object.entries(node.labels).map(([k, v]) => (
          <div className="row" key={k}>
            <span className="kv">
              {k}={v}
            </span>
            <button type="button" className="btn icon" aria-label={`Remove label ${k}`} onClick={() => edit((t) => setNodeLabel(t, node.name, k, null))}>
              ×
            </button>
          </div>
        ))}
        <div className="row">
          <input aria-label="New label key" placeholder={ZONE_LABEL} value={newKey} onChange={(e) => setNewKey(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && addLabel()} />
          <input aria-label="New label value" placeholder="value" value={newVal} onChange={(e) => setNewVal(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && addLabel()} />
          <button type="button" className="btn" onClick={addLabel}>
            Add label
          </button>
        </div>
      </fieldset>
      <fieldset>
        <legend>Taints</legend>
        {node.taints.map((tn, i) => (
          <div className="row" key={`${tn.key}-${tn.effect}-${i}`}>
            <span className="kv">
              {tn.key}
              {tn.value ? `=${tn.value}` : ''}:{tn.effect}
            </span>
            <button
              type="button"
              className="btn icon"
              aria-label={`Remove taint ${tn.key}`}
              onClick={() => edit((t) => setNodeTaints(t, node.name, node.taints.filter((_, j) => j !== i)))}
            >
              ×
            </button>
          </div>
        ))}
        <div className="row">
          <input aria-label="Taint key" placeholder="key" value={taintKey} onChange={(e) => setTaintKey(e.target.value)} />
          <input aria-label="Taint value" placeholder="value" value={taintVal} onChange={(e) => setTaintVal(e.target.value)} />
        </div>
        <div className="row">
          <select aria-label="Taint effect" value={taintEffect} onChange={(e) => setTaintEffect(e.target.value)}>
            <option>NoSchedule</option>
            <option>PreferNoSchedule</option>
            <option>NoExecute</option>
          </select>
          <button type="button" className="btn" onClick={addTaint}>
            Add taint
          </button>
        </div>
      </fieldset>
      <fieldset>
        <legend>Allocatable</legend>
        <form
          className="cap-grid"
          onSubmit={(e) => {
            e.preventDefault();
            edit((t) => setNodeCapacity(t, node.name, cap));
          }}
        >
          <label htmlFor="cap-cpu">cpu</label>
          <input id="cap-cpu" value={cap.cpu} onChange={(e) => setCap({ ...cap, cpu: e.target.value })} />
          <label htmlFor="cap-mem">memory</label>
          <input id="cap-mem" value={cap.memory} onChange={(e) => setCap({ ...cap, memory: e.target.value })} />
          <label htmlFor="cap-pods">pods</label>
          <input id="cap-pods" value={cap.pods} onChange={(e) => setCap({ ...cap, pods: e.target.value })} />
          <span />
          <button type="submit" className="btn">
            Apply capacity
          </button>
        </form>
      </fieldset>
      <div className="actions">
        <button type="button" className="btn" onClick={() => edit((t) => setCordon(t, node.name, !node.unschedulable))}>
          {node.unschedulable ? 'Uncordon' : 'Cordon'}
        </button>
        <button
          type="button"
          className="btn danger"
          title="Delete the node; its pods become pending"
          onClick={() => {
            edit((t) => deleteNode(t, node.name));
            select(null);
          }}
        >
          Delete node
        </button>
      </div>
    </div>
  );
}

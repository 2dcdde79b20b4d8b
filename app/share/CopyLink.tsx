// "Copy link": the whole view in the URL fragment. Copies at once with the safe defaults (secrets
// scrubbed, the YAML as typed otherwise), then shows what went into the link and lets the user
// change that: include secrets, or keep only what scheduling reads for a shorter link.
import { useState } from 'react';
import { useScenario } from '../store/scenario';
import { usePersist } from '../persist/session';
import { COMFORTABLE_LINK_CHARS, MAX_DECODED_BYTES, formatBytes, linkUrl, type LinkPayload } from './codec';
import { describeScrub, scrubSecrets } from './scrub';
import { Slimmer } from './slim';
import { splitText } from './stream';
import { currentView } from './view';
import { PopoverButton, copyText, downloadText, slug } from './popover';

export interface BuiltLink {
  url: string;
  payload: LinkPayload;
  scrubbed: string | null;
  tooBig: boolean;
}

/** The text scheduling reads of `text` (objects slimmed, comments and other kinds dropped). */
export function slimText(text: string): string {
  const s = new Slimmer(true);
  splitText(text, (v, lk) => s.add(v, lk));
  return s.toYaml('Shortened by schedlab for a link: only what scheduling reads.');
}

export function buildLink(opts: { includeSecrets: boolean; onlyScheduling: boolean }): BuiltLink {
  const { source, seed } = useScenario.getState();
  const name = usePersist.getState().currentName;
  let text = source;
  let scrubbed: string | null = null;
  if (!opts.includeSecrets) {
    const r = scrubSecrets(text);
    text = r.text;
    if (r.total) scrubbed = describeScrub(r.counts);
  }
  if (opts.onlyScheduling) text = slimText(text);
  const payload: LinkPayload = { yaml: text, seed, ...currentView(), ...(name ? { name } : {}) };
  return { url: linkUrl(location.href, payload), payload, scrubbed, tooBig: new TextEncoder().encode(JSON.stringify(payload)).length > MAX_DECODED_BYTES };
}

export function CopyLinkButton() {
  const [open, setOpen] = useState(false);
  const [includeSecrets, setIncludeSecrets] = useState(false);
  const [onlyScheduling, setOnlyScheduling] = useState(false);
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const [link, setLink] = useState<BuiltLink | null>(null);
  const copy = async (url: string) => setCopied((await copyText(url)) ? 'yes' : 'failed');
  const rebuild = (o: { includeSecrets: boolean; onlyScheduling: boolean }, andCopy: boolean) => {
    const l = buildLink(o);
    setLink(l);
    setCopied(null);
    if (andCopy && !l.tooBig) void copy(l.url);
  };
  const long = !!link && link.url.length > COMFORTABLE_LINK_CHARS;
  const name = usePersist((s) => s.currentName);
  return (
    <PopoverButton
      label="Copy link"
      title="Copy a link to this exact view: scenario, selected pod and playback position"
      dialogLabel="Share a link"
      open={open}
      setOpen={setOpen}
      onOpen={() => rebuild({ includeSecrets, onlyScheduling }, true)}
    >
      {link && (
        <div className="sl-share">
          <p role="status" className={copied === 'failed' ? 'sl-warn' : 'sl-ok'}>
            {link.tooBig
              ? 'Not copied: this scenario is too big for a link.'
              : copied === 'yes'
                ? 'Link copied to the clipboard.'
                : copied === 'failed'
                  ? 'The browser did not allow copying: select the link below and copy it (Ctrl+C).'
                  : ''}
          </p>
          <label className="sl-field">
            <span>Link</span>
            <input readOnly value={link.tooBig ? '' : link.url} onFocus={(e) => e.currentTarget.select()} spellCheck={false} />
          </label>
          <p className="sl-muted">
            {link.url.length.toLocaleString('en-US')} characters · opens this scenario
            {link.payload.pod ? <>, with <code>{link.payload.pod}</code> selected</> : null}
            {link.payload.cursor !== undefined ? <>, at step {link.payload.cursor + 1}</> : null}.
          </p>
          {link.tooBig ? (
            <p className="sl-warn">
              This scenario is larger than {formatBytes(MAX_DECODED_BYTES)}, more than a link can carry. Download it as a file and share the file.
            </p>
          ) : long ? (
            <p className="sl-warn">
              This link is long: chat tools, issue trackers and some browsers cut links after about {COMFORTABLE_LINK_CHARS.toLocaleString('en-US')} characters.
              {!onlyScheduling && ' Try “Only what scheduling reads” below, or '}
              {onlyScheduling && ' '}share the scenario as a file instead.
            </p>
          ) : null}
          {(long || link.tooBig) && (
            <button type="button" className="btn" onClick={() => downloadText(`${slug(name)}.yaml`, useScenario.getState().source)}>
              Download file
            </button>
          )}
          <fieldset className="sl-options">
            <legend>What goes into the link</legend>
            <label>
              <input type="checkbox" checked={!includeSecrets} onChange={(e) => {
                  setIncludeSecrets(!e.target.checked);
                  rebuild({ includeSecrets: !e.target.checked, onlyScheduling }, false);
                }}
              /> Leave out secrets
              (environment variable values, annotations, Secret data)
            </label>
            {!includeSecrets && (
              <p className="sl-muted sl-indent">{link.scrubbed ? `Left out: ${link.scrubbed}. The scheduler never reads them.` : 'Nothing to leave out in this scenario.'}</p>
            )}
            {includeSecrets && <p className="sl-warn sl-indent">Anyone with the link can read every value in the scenario.</p>}
            <label>
              <input type="checkbox" checked={onlyScheduling} onChange={(e) => {
                  setOnlyScheduling(e.target.checked);
                  rebuild({ includeSecrets, onlyScheduling: e.target.checked }, false);
                }}
              /> Only what scheduling reads
              (shorter; drops comments, other kinds and fields)
            </label>
          </fieldset>
          <div className="sl-actions">
            <button type="button" className="btn primary" disabled={link.tooBig} onClick={() => void copy(link.url)}>
              Copy
            </button>
            <button type="button" className="btn" onClick={() => setOpen(false)}>
              Close
            </button>
          </div>
        </div>
      )}
    </PopoverButton>
  );
}
